// run_sweep: setup on rank 0, coordinator loop, worker loop, in-process worker for a single rank.
#include "dt/sweep/sweep_runner.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <thread>

#include "dt/cell/cell_executor.h"
#include "dt/results/cell_file.h"
#include "dt/sweep/grid_resolution.h"
#include "dt/sweep/mpi_channel.h"
#include "dt/sweep/preemption.h"
#include "dt/sweep/progress_line.h"
#include "dt/sweep/results_dir.h"
#include "dt/sweep/scheduler.h"
#include "dt/sweep/sweep_config.h"
#include "dt/sweep/synthetic_models.h"
#include "dt/util/error.h"
#include "dt/util/log.h"
#include "dt/util/threads.h"

namespace dt {
namespace {

enum Tag : int { kReady = 1, kWork = 2, kStop = 3 };

using Clock = std::chrono::steady_clock;

Log rank_logger(const ResultsDir& dir, int rank) {
  return Log::to_file("rank-" + std::to_string(rank), dir.log_file(rank));
}

std::string resolve_device(const std::string& policy, int local_rank) {
  if (policy == "auto" || policy == "cuda") {
    const int gpus = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    if (gpus > 0) return "cuda:" + std::to_string(local_rank % gpus);
    if (policy == "cuda") throw Error("device \"cuda\" asked for, but no GPU is visible to this rank");
    return "cpu";
  }
  return policy;
}

// Runs one cell on this rank and describes the outcome as the READY message's "result".
nlohmann::json execute_cell(CellExecutor& executor, const GridCell& cell, std::size_t index, const std::string& device,
                            const Log& log) {
  auto config = cell.config;
  config.device = device;
  const auto start = Clock::now();
  log.info("cell " + std::to_string(index) + " start: " + cell.id);
  nlohmann::json result{{"cell", index}};
  try {
    CellHooks hooks;
    hooks.between_steps = check_preemption;
    const auto outcome = executor.run(config, cell.output, hooks);
    result["status"] = outcome.skipped ? "skipped" : "ok";
    result["key"] = outcome.key;
  } catch (const Interrupted&) {
    result["status"] = "interrupted";
  } catch (const std::exception& e) {
    result["status"] = "failed";
    result["error"] = error_line(e);
  }
  result["seconds"] = std::chrono::duration<double>(Clock::now() - start).count();
  log.info("cell " + std::to_string(index) + " " + result["status"].get<std::string>() + " in " +
           fixed(result["seconds"].get<double>(), 2) + " s: " + cell.id +
           (result.contains("error") ? " -- " + result["error"].get<std::string>() : ""));
  return result;
}

class Coordinator {
 public:
  Coordinator(const SweepConfig& sweep, const std::vector<GridCell>& grid, ResultsDir& dir, Scheduler& scheduler,
              const Log& log, const std::vector<bool>& already_done, const SweepOptions& options)
      : sweep_(sweep),
        grid_(grid),
        dir_(dir),
        scheduler_(scheduler),
        log_(log),
        start_(Clock::now()),
        progress_(options.progress == "live" || (options.progress == "auto" && ::isatty(::fileno(stdout)) == 1),
                  options.progress_seconds, grid.size()) {
    for (const auto& model : sweep.models) models_.push_back({model.name, 0, 0});
    for (std::size_t i = 0; i < grid.size(); ++i) {
      ++models_[grid[i].model_index].total;
      if (already_done[i]) ++models_[grid[i].model_index].done;
    }
  }

  // Bookkeeping of one finished attempt; `worker` is the rank that ran it.
  void record(const nlohmann::json& result, int worker) {
    const auto index = result.at("cell").get<std::size_t>();
    const auto& cell = grid_[index];
    const auto status = result.at("status").get<std::string>();
    if (status == "ok" || status == "skipped") {
      scheduler_.succeeded(index);
      ++models_[cell.model_index].done;
      dir_.clear_failure(cell.id);
    } else if (status == "interrupted") {
      scheduler_.interrupted(index);
    } else {
      const auto error = result.value("error", std::string("unknown error"));
      errors_[index].push_back("rank " + std::to_string(worker) + ": " + error);
      const bool again = scheduler_.failed(index, worker);
      log_.warn("cell " + cell.id + " failed on rank " + std::to_string(worker) + " (attempt " +
                std::to_string(scheduler_.attempts(index)) + ")" + (again ? ", will retry" : ", giving up") + ": " +
                error);
      progress_.message(stderr, "[sweep] cell " + cell.id + " failed on rank " + std::to_string(worker) + ": " + error +
                                    (again ? " (will retry)" : " (giving up)"));
      if (!again)
        dir_.record_failure(cell.id,
                            {{"id", cell.id}, {"attempts", scheduler_.attempts(index)}, {"errors", errors_[index]}});
    }
    progress();
  }

  void progress() {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const auto computed = scheduler_.done() - scheduler_.skipped();
    ProgressCounts counts{scheduler_.done(),
                          scheduler_.total(),
                          scheduler_.skipped(),
                          scheduler_.running(),
                          scheduler_.failed_count(),
                          elapsed > 0 ? static_cast<double>(computed) / elapsed : 0.0,
                          models_};
    progress_.update(counts);
  }

  int finish() {
    progress_.end();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (preemption_requested() && !scheduler_.finished()) {
      std::printf(
          "[sweep] interrupted by signal %d after %.1f s: %zu of %zu cells complete; rerun the same command to "
          "resume\n",
          preemption_signal(), elapsed, scheduler_.done(), scheduler_.total());
      log_.warn("interrupted by signal " + std::to_string(preemption_signal()));
      return kExitInterrupted;
    }
    std::printf("[sweep] finished in %.1f s: %zu of %zu cells complete, %zu failed (see %s)\n", elapsed,
                scheduler_.done(), scheduler_.total(), scheduler_.failed_count(), (dir_.root() / "failed").c_str());
    log_.info("finished: " + std::to_string(scheduler_.done()) + " complete, " +
              std::to_string(scheduler_.failed_count()) + " failed");
    return scheduler_.failed_count() == 0 ? 0 : 1;
  }

 private:
  const SweepConfig& sweep_;
  const std::vector<GridCell>& grid_;
  ResultsDir& dir_;
  Scheduler& scheduler_;
  const Log& log_;
  Clock::time_point start_;
  SweepProgress progress_;
  std::vector<ProgressCounts::Model> models_;
  std::map<std::size_t, std::vector<std::string>> errors_;
};

// Rank 0 alone: coordinate and work in one process.
int run_single(Coordinator& coordinator, Scheduler& scheduler, const std::vector<GridCell>& grid,
               const std::string& device, const Log& log) {
  CellExecutor executor;
  std::string loaded;
  while (!preemption_requested()) {
    const auto next = scheduler.next(0, loaded);
    if (!next) break;
    coordinator.record(execute_cell(executor, grid[*next], *next, device, log), 0);
    loaded = grid[*next].config.model_name;
  }
  return coordinator.finish();
}

int run_coordinator(MpiChannel& mpi, Coordinator& coordinator, Scheduler& scheduler) {
  int active = mpi.size() - 1;
  std::set<int> idle;
  auto stop_idle = [&] {
    for (int w : idle) mpi.send(w, kStop, "");
    active -= static_cast<int>(idle.size());
    idle.clear();
  };
  auto assign = [&](int worker, const std::string& loaded) {
    if (!preemption_requested()) {
      if (const auto next = scheduler.next(worker, loaded)) {
        mpi.send(worker, kWork, std::to_string(*next));
        return;
      }
    }
    idle.insert(worker);
  };
  std::map<int, std::string> loaded_by;
  while (active > 0) {
    if (scheduler.finished() || preemption_requested()) stop_idle();
    if (active == 0) break;
    const auto message =
        mpi.receive(-1, [&] { return (scheduler.finished() || preemption_requested()) && !idle.empty(); });
    if (!message) continue;
    const auto ready = nlohmann::json::parse(message->payload);
    loaded_by[message->source] = ready.value("loaded", std::string());
    if (ready.contains("result") && !ready["result"].is_null()) coordinator.record(ready["result"], message->source);
    assign(message->source, loaded_by[message->source]);
    // A retry may have become available for workers that were waiting.
    for (auto it = idle.begin(); it != idle.end() && scheduler.pending() > 0 && !preemption_requested();) {
      const int w = *it;
      it = idle.erase(it);
      assign(w, loaded_by[w]);
    }
  }
  return coordinator.finish();
}

// A worker writes nothing (not even its log) before the coordinator, having validated the sweep and created the
// output directory, sends it a first cell.
void run_worker(MpiChannel& mpi, const std::vector<GridCell>& grid, const SweepConfig& sweep, std::optional<Log>& log) {
  CellExecutor executor;
  const auto device = resolve_device(sweep.device, mpi.local_rank());
  nlohmann::json ready{{"loaded", ""}, {"result", nullptr}};
  while (true) {
    mpi.send(0, kReady, ready.dump());
    const auto message = mpi.receive(0, {});
    if (!message || message->tag == kStop) break;
    if (!log) {
      log.emplace(
          Log::to_file("rank-" + std::to_string(mpi.rank()), ResultsDir::log_file(sweep.output_dir, mpi.rank())));
      log->info("worker rank " + std::to_string(mpi.rank()) + " pid " + std::to_string(::getpid()) + " on " + device +
                " (" + std::to_string(at::get_num_threads()) + " threads)");
    }
    const auto index = static_cast<std::size_t>(std::stoull(message->payload));
    if (index >= grid.size()) throw Error("coordinator sent cell " + message->payload + " outside the grid");
    ready["result"] = execute_cell(executor, grid[index], index, device, *log);
    ready["loaded"] = grid[index].config.model_name;
  }
  if (log) log->info("worker done");
}

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

// Rank 0's preparation once the grid is validated: lock, orphans, synthetic models, the remaining keys, stale and
// damaged results, manifest. Returns the grid's completion state.
std::vector<bool> prepare(const SweepConfig& sweep, const std::vector<GridCell>& grid,
                          std::vector<nlohmann::json>& resolved_grid, CellExecutor& resolver, ResultsDir& dir,
                          const Log& log) {
  dir.lock();
  if (const auto orphans = dir.remove_orphans()) {
    std::printf("[sweep] removed %zu temporary files left by an interrupted run\n", orphans);
    log.info("removed " + std::to_string(orphans) + " orphaned temporary files");
  }
  prepare_synthetic_models(sweep, log);
  std::vector<bool> done(grid.size(), false);
  std::vector<std::filesystem::path> unsealed;
  nlohmann::json manifest{
      {"format", "dt-sweep/1"}, {"config", sweep.file.string()}, {"cells", nlohmann::json::array()}};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (resolved_grid[i].is_null()) resolved_grid[i] = resolve_grid_cell(sweep, grid[i], resolver);
    auto resolved = resolved_grid[i];
    const auto key = resolved.at("key").get<std::string>();
    done[i] = existing_result_done(grid[i], key, dir, log, unsealed);
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
  return done;
}

}  // namespace

int run_sweep(MpiChannel& mpi, const SweepOptions& options) {
  install_preemption_handlers();
  SweepConfig sweep;
  std::vector<GridCell> grid;
  try {
    sweep = load_sweep_config(options.config, options.overrides);
    grid = expand_grid(sweep);
  } catch (const Error& e) {
    if (mpi.rank() == 0) std::fprintf(stderr, "dt-sweep: error: %s\n", error_line(e).c_str());
    return 2;
  }
  const int threads = options.threads > 0 ? options.threads : 0;
  if (threads > 0) {
    configure_threads(threads);
  } else {
    // The node's cores divided among all its ranks. A waiting coordinator still wakes up to poll, and an OpenMP team
    // that shares its cores with it loses more than the extra thread gains (measured by scripts/bench-sweep.sh).
    configure_threads(
        std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / std::max(1, mpi.local_size())));
  }
  if (mpi.rank() != 0) {
    std::optional<Log> log;
    try {
      run_worker(mpi, grid, sweep, log);
    } catch (const std::exception& e) {
      if (log) log->error("worker aborting: " + error_line(e));
      std::fprintf(stderr, "dt-sweep: rank %d: error: %s\n", mpi.rank(), error_line(e).c_str());
      mpi.abort(1);
    }
    return 0;
  }

  std::unique_ptr<ResultsDir> dir;
  std::unique_ptr<Log> log;
  std::vector<bool> done;
  std::string device;
  try {
    // Everything that can be checked is checked before the output directory is touched.
    check_synthetic_models(sweep);
    CellExecutor resolver;
    auto resolved = resolve_grid(sweep, grid, resolver);
    if (mpi.size() == 1) device = resolve_device(sweep.device, 0);
    dir = std::make_unique<ResultsDir>(sweep.output_dir);
    log = std::make_unique<Log>(rank_logger(*dir, 0));
    log->info("coordinator rank 0 pid " + std::to_string(::getpid()) + ": sweep " + sweep.file.string() + " with " +
              std::to_string(mpi.size()) + " ranks, " + std::to_string(grid.size()) + " cells");
    done = prepare(sweep, grid, resolved, resolver, *dir, *log);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dt-sweep: error: %s\n", error_line(e).c_str());
    for (int w = 1; w < mpi.size(); ++w) mpi.send(w, kStop, "");
    return 2;
  }
  std::vector<std::string> models;
  for (const auto& cell : grid) models.push_back(cell.config.model_name);
  Scheduler scheduler(models, done, sweep.retries + 1);
  std::printf("[sweep] %zu cells, %zu already complete, %d rank(s)\n", grid.size(), scheduler.done(), mpi.size());
  Coordinator coordinator(sweep, grid, *dir, scheduler, *log, done, options);
  return mpi.size() == 1 ? run_single(coordinator, scheduler, grid, device, *log)
                         : run_coordinator(mpi, coordinator, scheduler);
}

}  // namespace dt
