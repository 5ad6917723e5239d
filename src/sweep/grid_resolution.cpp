// resolve_grid: CellExecutor::resolve over the grid, errors prefixed with the sweep file and key.
#include "dt/sweep/grid_resolution.h"

#include "dt/sweep/synthetic_models.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// Runs `step`; a dt::Error becomes "<sweep file>: key '<key>' (<what>): <its message>".
template <typename F>
auto under_key(const SweepConfig& sweep, const std::string& key, const std::string& what, F&& step) {
  try {
    return step();
  } catch (const Error& e) {
    fail(sweep.file.string(), "key '" + key + "' (" + what + "): " + e.what());
  }
}

void check_task(const SweepConfig& sweep, const GridCell& cell, CellExecutor& resolver) {
  under_key(sweep, "sweep.tasks", "task " + cell.config.task_card.stem().string(),
            [&] { resolver.check_task_inputs(cell.config); });
}

// Whether this run generates the model before its cells run: missing, or generated from another spec.
bool awaits_generation(const SweepModel& model) {
  if (!model.control_of.empty()) return control_state(model) != GeneratedState::Current;
  if (!model.generate) return false;
  return !std::filesystem::exists(model.dir) || generated_model_state(model) != GeneratedState::Current;
}

}  // namespace

nlohmann::json resolve_grid_cell(const SweepConfig& sweep, const GridCell& cell, CellExecutor& resolver) {
  check_task(sweep, cell, resolver);
  return under_key(sweep, "models[" + std::to_string(cell.model_index) + "]", "model " + cell.config.model_name,
                   [&] { return resolver.resolve(cell.config); });
}

std::vector<nlohmann::json> resolve_grid(const SweepConfig& sweep, const std::vector<GridCell>& grid,
                                         CellExecutor& resolver) {
  std::vector<bool> awaits;
  for (const auto& model : sweep.models) awaits.push_back(awaits_generation(model));
  for (std::size_t m = 0; m < sweep.models.size(); ++m)  // a control waits for the model it twins
    for (std::size_t source = 0; source < sweep.models.size(); ++source)
      if (!sweep.models[m].control_of.empty() && sweep.models[source].dir == sweep.models[m].control_of &&
          awaits[source])
        awaits[m] = true;
  std::vector<nlohmann::json> resolved(grid.size());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (awaits[grid[i].model_index])
      check_task(sweep, grid[i], resolver);
    else
      resolved[i] = resolve_grid_cell(sweep, grid[i], resolver);
  }
  return resolved;
}

}  // namespace dt
