// Resolving a sweep's grid before anything is written: every cell's configuration, task card, data, model and
// tokenizer are checked and its key computed while the output directory is still untouched, so a configuration
// error leaves nothing behind. Errors name the sweep file and the key that brought the input in, then the input's
// own file and problem. Models that this run generates or regenerates ([models.generate] not on disk yet, or made
// from another spec) are checked by their task inputs only and resolved once generated, so that no key is ever
// computed from the files a regeneration replaces.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "dt/cell/cell_executor.h"
#include "dt/config/sweep_config.h"

namespace dt {

// The resolved configuration (with "key") of every cell; null for cells whose model this run (re)generates. Throws
// dt::Error at the first problem.
std::vector<nlohmann::json> resolve_grid(const SweepConfig& sweep, const std::vector<GridCell>& grid,
                                         CellExecutor& resolver);

// One cell, with the same error wording (after its model was generated).
nlohmann::json resolve_grid_cell(const SweepConfig& sweep, const GridCell& cell, CellExecutor& resolver);

}  // namespace dt
