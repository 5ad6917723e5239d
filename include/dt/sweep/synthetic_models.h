// Synthetic models of a sweep ([models.generate]): created on rank 0 before any cell runs, only when missing,
// so the smoke sweep and the quick start need no model hub.
#pragma once

#include "dt/sweep/sweep_config.h"
#include "dt/util/log.h"

namespace dt {

void create_missing_synthetic_models(const SweepConfig& sweep, const Log& log);

}  // namespace dt
