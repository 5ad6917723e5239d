// The scores of a cell file derived from lm_log_p and one more scoring pass, each stored per evaluated step with its
// predictions (argmax, first index wins ties) and accuracy. Only the results code includes this header.
//   mutual_info: lm_log_p minus the choice's log-prob with no demonstration and no query (CellTokens::unconditional,
//                lm-evaluation-harness's acc_mutual_info);
//   calibrated:  lm_log_p minus the choice's log-prob under the query's content-free form, scored with the same
//                demonstration KV at the same step (CellTokens::content_free; contextual calibration).
#pragma once

#include "dt/results/cell_file.h"
#include "dt/results/hdf5_file.h"

namespace dt {

// /queries/unconditional_log_p [Q, C], /scores/mutual_info [E, Q, C], /predictions/mutual_info [E, Q] and
// /accuracy/mutual_info [E] when the run scored the unconditional completions; nothing otherwise.
void write_mutual_info(Hdf5File& h5, const CellRecord& record, std::int64_t choices);

// /queries/content_free_index [Q], /scores/content_free_log_p [E, U, C] (U distinct content-free queries),
// /scores/calibrated [E, Q, C], /predictions/calibrated [E, Q] and /accuracy/calibrated [E] when the run scored
// the content-free queries; nothing otherwise.
void write_calibrated(Hdf5File& h5, const CellRecord& record, std::int64_t choices);

}  // namespace dt
