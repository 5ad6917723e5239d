// Coordinator: outcomes, failure records, quarantine bookkeeping and the exit status of a sweep.
#include "dt/sweep/coordinator.h"

#include <unistd.h>

#include <cstdio>

#include "dt/sweep/preemption.h"
#include "dt/sweep/sweep_runner.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/utc_time.h"

namespace dt {

using Clock = std::chrono::steady_clock;

Coordinator::Coordinator(const SweepConfig& sweep, const std::vector<GridCell>& grid, ResultsDir& dir,
                         Scheduler& scheduler, AttemptLedger& ledger, const Log& log,
                         const std::vector<bool>& already_done, const SweepOptions& options)
    : grid_(grid),
      dir_(dir),
      scheduler_(scheduler),
      ledger_(ledger),
      log_(log),
      exit_record_(options.exit_record),
      start_(Clock::now()),
      progress_(options.progress == "live" || (options.progress == "auto" && ::isatty(::fileno(stdout)) == 1),
                options.progress_seconds, grid.size()) {
  for (const auto& model : sweep.models) models_.push_back({model.name, 0, 0});
  for (std::size_t i = 0; i < grid.size(); ++i) {
    ++models_[grid[i].model_index].total;
    if (already_done[i]) ++models_[grid[i].model_index].done;
  }
}

bool Coordinator::starting(std::size_t cell) {
  try {
    ledger_.starting(grid_[cell].id);
    return true;
  } catch (const std::exception& e) {
    scheduler_.interrupted(cell);
    halt(error_line(e));
    return false;
  }
}

void Coordinator::record(const CellResult& result, int worker) {
  const auto index = result.cell;
  if (index >= grid_.size()) {
    halt("rank " + std::to_string(worker) + " reported cell " + std::to_string(index) + ", outside the grid");
    return;
  }
  const auto& cell = grid_[index];
  const auto status = result.status;
  ledger_.ended(cell.id);
  try {
    if (status == CellStatus::Ok || status == CellStatus::Skipped) {
      scheduler_.succeeded(index);
      ++models_[cell.model_index].done;
      dir_.clear_failure(cell.id);
    } else if (status == CellStatus::Interrupted) {
      scheduler_.interrupted(index);
    } else if (status == CellStatus::OutputError) {
      scheduler_.interrupted(index);
      halt(result.error.empty() ? std::string("an output could not be written") : result.error);
    } else {
      const auto error = result.error.empty() ? std::string("unknown error") : result.error;
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
  } catch (const std::exception& e) {
    halt(error_line(e));
  }
  progress();
}

bool Coordinator::stopping() const { return preemption_requested() || !halted_.empty(); }

void Coordinator::on_preemption() {
  write_exit_record(kExitInterrupted, "interrupted by signal " + std::to_string(preemption_signal()));
}

void Coordinator::halt(const std::string& reason) {
  if (!halted_.empty()) return;
  halted_ = reason;
  log_.error("stopping: " + reason);
  progress_.message(stderr, "[sweep] stopping: " + reason);
}

void Coordinator::progress() {
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

int Coordinator::finish() {
  progress_.end();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  if (!halted_.empty()) {
    std::fprintf(stderr,
                 "dt-sweep: error: %s; %zu of %zu cells complete, nothing half written: make room and rerun the same "
                 "command to resume\n",
                 halted_.c_str(), scheduler_.done(), scheduler_.total());
    write_exit_record(kExitOutputError, halted_);
    return kExitOutputError;
  }
  if (preemption_requested() && !scheduler_.finished()) {
    std::printf(
        "[sweep] interrupted by signal %d after %.1f s: %zu of %zu cells complete; rerun the same command to "
        "resume\n",
        preemption_signal(), elapsed, scheduler_.done(), scheduler_.total());
    log_.warn("interrupted by signal " + std::to_string(preemption_signal()));
    write_exit_record(kExitInterrupted, "interrupted by signal " + std::to_string(preemption_signal()));
    return kExitInterrupted;
  }
  std::printf("[sweep] finished in %.1f s: %zu of %zu cells complete, %zu failed (see %s)\n", elapsed,
              scheduler_.done(), scheduler_.total(), scheduler_.failed_count(), (dir_.root() / "failed").c_str());
  log_.info("finished: " + std::to_string(scheduler_.done()) + " complete, " +
            std::to_string(scheduler_.failed_count()) + " failed");
  const int status = scheduler_.failed_count() == 0 ? 0 : 1;
  write_exit_record(status, status == 0 ? "complete" : std::to_string(scheduler_.failed_count()) + " cells failed");
  return status;
}

int Coordinator::abort_with(const std::exception& e) {
  const int status = dynamic_cast<const OutputError*>(&e) != nullptr ? kExitOutputError : 1;
  std::fprintf(stderr, "dt-sweep: error: %s\n", error_line(e).c_str());
  log_.error("aborting: " + error_line(e));
  write_exit_record(status, error_line(e));
  return status;
}

void Coordinator::write_exit_record(int status, const std::string& reason) {
  if (exit_record_.empty()) return;
  const std::lock_guard lock(exit_record_mutex_);
  try {
    const nlohmann::json record{{"exit", status}, {"reason", reason}, {"utc", utc_timestamp()}};
    write_file_atomically(exit_record_, record.dump() + "\n");
  } catch (const std::exception& e) {
    log_.error("cannot write the exit record: " + error_line(e));
  }
}

}  // namespace dt
