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

#include "dt/cell/cell_executor.h"
#include "dt/config/sweep_config.h"
#include "dt/model/execution_options.h"
#include "dt/model/threads.h"
#include "dt/sweep/coordinator.h"
#include "dt/sweep/grid_resolution.h"
#include "dt/sweep/mpi_channel.h"
#include "dt/sweep/preemption.h"
#include "dt/sweep/results_dir.h"
#include "dt/sweep/scheduler.h"
#include "dt/sweep/sweep_messages.h"
#include "dt/sweep/sweep_preparation.h"
#include "dt/sweep/synthetic_models.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/log.h"

namespace dt {
namespace {

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

// Runs one cell on this rank: the outcome a READY message carries.
CellResult execute_cell(CellExecutor& executor, const GridCell& cell, std::size_t index, const std::string& device,
                        const Log& log) {
  auto config = cell.config;
  config.device = device;
  const auto start = Clock::now();
  log.info("cell " + std::to_string(index) + " start: " + cell.id);
  CellResult result;
  result.cell = index;
  try {
    CellHooks hooks;
    hooks.between_steps = check_preemption;
    const auto outcome = executor.run(config, cell.output, hooks);
    result.status = outcome.skipped ? CellStatus::Skipped : CellStatus::Ok;
    result.key = outcome.key;
  } catch (const Interrupted&) {
    result.status = CellStatus::Interrupted;
  } catch (const OutputError& e) {
    result.status = CellStatus::OutputError;
    result.error = error_line(e);
  } catch (const std::exception& e) {
    result.status = CellStatus::Failed;
    result.error = error_line(e);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  log.info("cell " + std::to_string(index) + " " + status_name(result.status) + " in " + fixed(result.seconds, 2) +
           " s: " + cell.id + (result.error.empty() ? "" : " -- " + result.error));
  return result;
}

// Rank 0 alone: coordinate and work in one process.
int run_single(Coordinator& coordinator, Scheduler& scheduler, const std::vector<GridCell>& grid,
               const std::string& device, const Log& log, RunningAttempt& running, PreemptionWatch& watch) {
  CellExecutor executor;
  std::string loaded;
  while (!coordinator.stopping()) {
    const auto next = scheduler.next(0, loaded);
    if (!next) break;
    if (!coordinator.starting(*next)) break;
    running.set(grid[*next].id);
    const auto result = execute_cell(executor, grid[*next], *next, device, log);
    running.set("");
    coordinator.record(result, 0);
    loaded = grid[*next].config.model_name;
  }
  watch.stop();
  return coordinator.finish();
}

int run_coordinator(MpiChannel& mpi, Coordinator& coordinator, Scheduler& scheduler, PreemptionWatch& watch) {
  int active = mpi.size() - 1;
  std::set<int> idle;
  auto stop_idle = [&] {
    for (int w : idle) mpi.send(w, static_cast<int>(MessageTag::Stop), "");
    active -= static_cast<int>(idle.size());
    idle.clear();
  };
  auto assign = [&](int worker, const std::string& loaded) {
    if (!coordinator.stopping()) {
      if (const auto next = scheduler.next(worker, loaded)) {
        if (coordinator.starting(*next)) {
          mpi.send(worker, static_cast<int>(MessageTag::Work), encode_work(*next));
          return;
        }
      }
    }
    idle.insert(worker);
  };
  std::map<int, std::string> loaded_by;
  while (active > 0) {
    if (scheduler.finished() || coordinator.stopping()) stop_idle();
    if (active == 0) break;
    const auto message =
        mpi.receive(-1, [&] { return (scheduler.finished() || coordinator.stopping()) && !idle.empty(); });
    if (!message) continue;
    const auto ready = decode_ready(message->payload);
    loaded_by[message->source] = ready.loaded;
    if (ready.result) coordinator.record(*ready.result, message->source);
    assign(message->source, loaded_by[message->source]);
    // A retry may have become available for workers that were waiting.
    for (auto it = idle.begin(); it != idle.end() && scheduler.pending() > 0 && !coordinator.stopping();) {
      const int w = *it;
      it = idle.erase(it);
      assign(w, loaded_by[w]);
    }
  }
  watch.stop();
  return coordinator.finish();
}

// A worker writes nothing (not even its log) before the coordinator, having validated the sweep and created the
// output directory, sends it a first cell.
// Returns the exit status rank 0 sends once it has finished.
int run_worker(MpiChannel& mpi, const std::vector<GridCell>& grid, const SweepConfig& sweep, std::optional<Log>& log) {
  CellExecutor executor;
  const auto device = resolve_device(sweep.device, mpi.local_rank());
  RunningAttempt running(ResultsDir::attempts_dir(sweep.output_dir));
  const PreemptionWatch watch([&] { running.release(); });
  ReadyMessage ready;
  while (true) {
    mpi.send(0, static_cast<int>(MessageTag::Ready), encode_ready(ready));
    const auto message = mpi.receive(0, {});
    if (!message || message->tag == static_cast<int>(MessageTag::Stop)) break;
    if (!log) {
      log.emplace(
          Log::to_file("rank-" + std::to_string(mpi.rank()), ResultsDir::log_file(sweep.output_dir, mpi.rank())));
      log->info("worker rank " + std::to_string(mpi.rank()) + " pid " + std::to_string(::getpid()) + " on " + device +
                " (" + std::to_string(at::get_num_threads()) + " threads)");
    }
    const auto index = decode_work(message->payload, grid.size());
    running.set(grid[index].id);
    ready.result = execute_cell(executor, grid[index], index, device, *log);
    running.set("");
    ready.loaded = grid[index].config.model_name;
  }
  const auto exit = mpi.receive(0, {});
  if (log) log->info("worker done");
  return exit && exit->tag == static_cast<int>(MessageTag::Exit) ? decode_exit(exit->payload) : 1;
}

// Rank 0's last word to the workers: the status they exit with.
int tell_workers(MpiChannel& mpi, int status) {
  for (int w = 1; w < mpi.size(); ++w) mpi.send(w, static_cast<int>(MessageTag::Exit), encode_exit(status));
  return status;
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
  // The CPUs this process may run on divided among the ranks that share them. A waiting coordinator still wakes up
  // to poll, and an OpenMP team that shares its cores with it loses more than the extra thread gains (measured by
  // scripts/bench-sweep.sh).
  configure_threads(options.threads, mpi.ranks_sharing_cpus());
  if (mpi.rank() != 0) {
    std::optional<Log> log;
    try {
      return run_worker(mpi, grid, sweep, log);
    } catch (const std::exception& e) {
      if (log) log->error("worker aborting: " + error_line(e));
      std::fprintf(stderr, "dt-sweep: rank %d: error: %s\n", mpi.rank(), error_line(e).c_str());
      mpi.abort(1);
    }
  }

  std::unique_ptr<ResultsDir> dir;
  std::unique_ptr<Log> log;
  PreparedSweep prepared;
  std::string device;
  try {
    // Everything that can be checked is checked before the output directory is touched.
    check_synthetic_models(sweep);
    const auto attention_key = sweep.file.string() + ": key 'sweep.attention'";
    (void)resolve_attention_kernel(parse_attention_kernel(sweep.attention, attention_key), at::kCPU, attention_key);
    CellExecutor resolver;
    auto resolved = resolve_grid(sweep, grid, resolver);
    if (mpi.size() == 1) device = resolve_device(sweep.device, 0);
    dir = std::make_unique<ResultsDir>(sweep.output_dir);
    log = std::make_unique<Log>(rank_logger(*dir, 0));
    log->info("coordinator rank 0 pid " + std::to_string(::getpid()) + ": sweep " + sweep.file.string() + " with " +
              std::to_string(mpi.size()) + " ranks, " + std::to_string(grid.size()) + " cells");
    prepared = prepare_sweep(sweep, grid, resolved, resolver, *dir, *log, options.retry_failed);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dt-sweep: error: %s\n", error_line(e).c_str());
    const int status = dynamic_cast<const OutputError*>(&e) != nullptr ? kExitOutputError : 2;
    for (int w = 1; w < mpi.size(); ++w) mpi.send(w, static_cast<int>(MessageTag::Stop), "");
    return tell_workers(mpi, status);
  }
  std::vector<std::string> models;
  for (const auto& cell : grid) models.push_back(cell.config.model_name);
  Scheduler scheduler(models, prepared.done, sweep.retries + 1);
  for (const auto cell : prepared.quarantined) scheduler.withhold(cell);
  std::printf("[sweep] %zu cells, %zu already complete, %zu quarantined, %d rank(s)\n", grid.size(), scheduler.done(),
              prepared.quarantined.size(), mpi.size());
  Coordinator coordinator(sweep, grid, *dir, scheduler, *prepared.ledger, *log, prepared.done, options);
  RunningAttempt running(ResultsDir::attempts_dir(dir->root()));
  PreemptionWatch watch([&] {
    running.release();
    coordinator.on_preemption();
  });
  int status = 0;
  try {
    status = mpi.size() == 1 ? run_single(coordinator, scheduler, grid, device, *log, running, watch)
                             : run_coordinator(mpi, coordinator, scheduler, watch);
  } catch (const std::exception& e) {
    watch.stop();
    status = coordinator.abort_with(e);
    if (mpi.size() > 1) mpi.abort(status);
    return status;
  }
  return tell_workers(mpi, status);
}

}  // namespace dt
