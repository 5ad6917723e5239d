// Coordinator: rank 0's bookkeeping of a sweep, whether it runs the cells itself or hands them to workers. It
// records each start in the attempt ledger before the cell is handed out, each outcome in the scheduler, failed/
// and the progress line, and decides how the sweep ends:
//   0 every cell complete; 1 some cell failed or is quarantined; 74 an output could not be written (a full disk:
//   the cell is not a failure, free space and rerun); 75 interrupted by SIGTERM / SIGUSR1 (rerun to resume).
// No exception leaves it: a record it cannot write halts the sweep with 74 and one line.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/config/sweep_config.h"
#include "dt/sweep/attempt_ledger.h"
#include "dt/sweep/progress_line.h"
#include "dt/sweep/results_dir.h"
#include "dt/sweep/scheduler.h"
#include "dt/sweep/sweep_messages.h"
#include "dt/util/log.h"

namespace dt {

inline constexpr int kExitOutputError = 74;  // sysexits' EX_IOERR
inline constexpr int kExitInterrupted = 75;  // sysexits' EX_TEMPFAIL: requeue me

struct SweepOptions;

class Coordinator {
 public:
  Coordinator(const SweepConfig& sweep, const std::vector<GridCell>& grid, ResultsDir& dir, Scheduler& scheduler,
              AttemptLedger& ledger, const Log& log, const std::vector<bool>& already_done,
              const SweepOptions& options);

  // Records the start of `cell` (durably) before it is handed out; false when that failed and the sweep halts.
  bool starting(std::size_t cell);
  // Bookkeeping of one finished attempt (what a READY message carries); `worker` is the rank that ran it.
  void record(const CellResult& result, int worker);
  // True once no more cells may be handed out: a preemption signal arrived or an output could not be written.
  bool stopping() const;
  // Called once, from the signal watcher's thread, when a preemption signal arrives: the exit record says 75 at once,
  // before a launcher that was itself signalled (mpirun) kills the ranks.
  void on_preemption();
  // Prints the last line, writes the exit record and returns the exit status.
  int finish();
  // For a fault outside the loop: one line on stderr, the exit record, the status (74 for an OutputError, else 1).
  int abort_with(const std::exception& e);

 private:
  void halt(const std::string& reason);
  void progress();
  void write_exit_record(int status, const std::string& reason);

  const std::vector<GridCell>& grid_;
  ResultsDir& dir_;
  Scheduler& scheduler_;
  AttemptLedger& ledger_;
  const Log& log_;
  std::filesystem::path exit_record_;
  std::chrono::steady_clock::time_point start_;
  SweepProgress progress_;
  std::vector<ProgressCounts::Model> models_;
  std::map<std::size_t, std::vector<std::string>> errors_;
  std::string halted_;  // the OutputError that stopped the sweep
  std::mutex exit_record_mutex_;
};

}  // namespace dt
