// Golden fixture checks on a device and compute dtype (GoldenPrecision; float32 on the CPU by default, under the
// tolerances of ../shared/golden/README.md):
//  - a model fixture (`cases.json`, ../shared/golden/<arch>/): every expected field through dt's loader, runtime,
//    thinker and scorer;
//  - an end-to-end cell (`cell.json`, ../shared/golden/cells/<cell>/): task card, data, selection, strings, token
//    ids, spans, padded length, Deep-Thinking steps, scores, predictions and accuracy, through dt's cell pipeline.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "dt/golden/golden_precision.h"
#include "dt/golden/tolerance_ledger.h"

namespace dt {

struct GoldenOutcome {
  std::string name;
  bool passed = false;
  std::size_t checked = 0, failed = 0;  // checks made and checks outside their tolerance
  std::string detail;                   // worst deviation and its field
  std::string could_not_run;            // why the fixture could not run (then `passed` is false); "" when it ran
};

// Never throws for problems of the fixture itself (unsupported architecture, unreadable files): those are an outcome
// whose could_not_run says why, counted apart from failed checks.
// `jobs_dir` holds the task cards (jobs/<task>.toml) that cell fixtures are run with.
GoldenOutcome check_golden_fixture(const std::filesystem::path& dir, const std::filesystem::path& jobs_dir,
                                   const GoldenPrecision& precision = {});

// The cell check alone (check_golden_fixture dispatches to it when the directory holds cell.json).
void run_golden_cell(const std::filesystem::path& dir, const std::filesystem::path& jobs_dir,
                     const GoldenPrecision& precision, ToleranceLedger& ledger);

}  // namespace dt
