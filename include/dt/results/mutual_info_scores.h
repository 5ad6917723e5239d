// The mutual_info score of a cell file: each choice's lm_log_p minus its log-prob with no demonstration and no query
// (CellTokens::unconditional, lm-evaluation-harness's acc_mutual_info), stored per evaluated step with its
// predictions (argmax, first index wins ties) and accuracy. Only the results code includes this header.
#pragma once

#include "dt/results/cell_file.h"
#include "dt/results/hdf5_file.h"

namespace dt {

// Writes /queries/unconditional_log_p [Q, C], /scores/mutual_info [E, Q, C], /predictions/mutual_info [E, Q] and
// /accuracy/mutual_info [E] when the run scored the unconditional completions; nothing otherwise.
void write_mutual_info(Hdf5File& h5, const CellRecord& record, std::int64_t choices);

}  // namespace dt
