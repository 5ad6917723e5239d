// prepare_sweep: lock, orphans, models, keys, stale results, quarantine, manifest (see sweep_preparation.h).
#include "dt/sweep/sweep_preparation.h"

#include <cstdio>

#include "dt/cell/cell_executor.h"
#include "dt/results/cell_file.h"
#include "dt/sweep/grid_resolution.h"
#include "dt/sweep/synthetic_models.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// Whether the result file of a cell can be trusted as done; what cannot is set aside with one line on stdout and
// in the log. Files an older dt wrote without a seal are neither trusted nor moved: they are listed in `unsealed`.
bool existing_result_done(const GridCell& cell, const std::string& key, ResultsDir& dir, const Log& log,
                          std::vector<std::filesystem::path>& unsealed) {
  const auto existing = check_cell_file(cell.output);
  if (existing.state == CellFileState::Absent) return false;
  if (existing.trusted() && existing.key == key) return true;
  if (existing.state == CellFileState::Unsealed) {
    unsealed.push_back(cell.output);
    return false;
  }
  std::string why, place = "stale";
  if (existing.trusted()) {
    why = "was computed with another configuration";
  } else if (existing.state == CellFileState::OtherVersion) {
    why = "has " + existing.problem;
  } else {
    why = "failed verification (" + existing.problem + ")";
    place = "corrupt";
  }
  const auto moved = dir.set_aside(cell.output, place);
  const auto line = cell.output.string() + " " + why + "; moved to " + moved.string();
  std::printf("[sweep] %s\n", line.c_str());
  log.warn(line);
  return false;
}

// Cells whose worker process died while running them quarantine_after times in a row: recorded in failed/ and
// withheld, unless `retry_failed`. Complete cells lose any attempt record a death after their rename left.
std::vector<std::size_t> quarantine(const SweepConfig& sweep, const std::vector<GridCell>& grid,
                                    const std::vector<bool>& done, AttemptLedger& ledger, ResultsDir& dir,
                                    const Log& log, bool retry_failed) {
  std::vector<std::size_t> withheld;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const auto deaths = ledger.deaths(grid[i].id);
    if (done[i] && deaths > 0) ledger.ended(grid[i].id);
    if (done[i] || deaths < sweep.quarantine_after) continue;
    if (retry_failed) {
      ledger.forget(grid[i].id);
      dir.clear_failure(grid[i].id);
      log.info("--retry-failed: running quarantined cell " + grid[i].id + " again");
      continue;
    }
    const auto why = "its worker died while running it " + std::to_string(deaths) +
                     " times (killed, crashed or out of memory; see logs/)";
    dir.record_failure(grid[i].id, {{"id", grid[i].id}, {"quarantined", true}, {"deaths", deaths}, {"errors", {why}}});
    const auto line = "quarantined " + grid[i].id + ": " + why + "; skipped until --retry-failed";
    std::printf("[sweep] %s\n", line.c_str());
    log.warn(line);
    withheld.push_back(i);
  }
  return withheld;
}

}  // namespace

PreparedSweep prepare_sweep(const SweepConfig& sweep, const std::vector<GridCell>& grid,
                            std::vector<nlohmann::json>& resolved_grid, CellExecutor& resolver, ResultsDir& dir,
                            const Log& log, bool retry_failed) {
  dir.lock();
  if (const auto orphans = dir.remove_orphans()) {
    std::printf("[sweep] removed %zu temporary files left by an interrupted run\n", orphans);
    log.info("removed " + std::to_string(orphans) + " orphaned temporary files");
  }
  prepare_synthetic_models(sweep, log);
  PreparedSweep prepared;
  prepared.done.assign(grid.size(), false);
  std::vector<std::filesystem::path> unsealed;
  nlohmann::json manifest{
      {"format", "dt-sweep/1"}, {"config", sweep.file.string()}, {"cells", nlohmann::json::array()}};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (resolved_grid[i].is_null()) resolved_grid[i] = resolve_grid_cell(sweep, grid[i], resolver);
    auto resolved = resolved_grid[i];
    const auto key = resolved.at("key").get<std::string>();
    prepared.done[i] = existing_result_done(grid[i], key, dir, log, unsealed);
    resolved.erase("key");
    manifest["cells"].push_back({{"id", grid[i].id},
                                 {"key", key},
                                 {"file", std::filesystem::relative(grid[i].output, dir.root()).string()},
                                 {"model", grid[i].config.model_name},
                                 {"task", grid[i].config.task_card.stem().string()},
                                 {"seed", grid[i].config.seed},
                                 {"k", grid[i].config.k},
                                 {"config", resolved}});
  }
  if (!unsealed.empty())
    fail(dir.root().string(),
         std::to_string(unsealed.size()) +
             " result files were written by an older dt that did not seal them (first: " + unsealed.front().string() +
             "); run `dt-seal " + dir.root().string() + "` once: it verifies and seals them, nothing is recomputed");
  dir.write_manifest(manifest);
  prepared.ledger = std::make_unique<AttemptLedger>(ResultsDir::attempts_dir(dir.root()));
  prepared.quarantined = quarantine(sweep, grid, prepared.done, *prepared.ledger, dir, log, retry_failed);
  return prepared;
}

}  // namespace dt
