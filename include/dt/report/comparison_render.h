// The meta-optimizer comparison table of dt-report (Markdown): for each model and k, one row per task (and the
// average), one column per meta-optimizer (with its stopping rule, when one ended the trajectories), each entry the
// Deep-Thinking accuracy at the step the protocol chose, mean ± std over seeds, and its gain over ICL, the mean ±
// std of the per-seed differences from the same cells' step 1. Empty when no (model, k) has two optimizers.
#pragma once

#include <string>

#include "dt/report/aggregate.h"

namespace dt {

std::string render_optimizer_comparison(const Report& report);

}  // namespace dt
