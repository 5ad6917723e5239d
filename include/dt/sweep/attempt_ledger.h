// AttemptLedger: <output>/attempts/<cell id>.json, written and synced before a cell starts and removed when that
// attempt ends in any way a rank reports (complete, failed, interrupted). A record still there when the next sweep
// starts means the process running the cell died with it (SIGKILL, a segfault, the OOM killer, a lost node): it
// holds how many starts in a row ended that way. The coordinator quarantines a cell once that count reaches the
// sweep's quarantine_after, so a cell that kills its worker every time cannot stop the grid on every resubmission.
// A stopped run is not a death: each process that runs cells holds a RunningAttempt, and when a preemption signal
// reaches it (from Slurm, or from mpirun stopping the job), it takes back the start of its own cell at once. A worker
// that crashes, or is killed without a signal, cannot: its cell's record stays and counts.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace dt {

class AttemptLedger {
 public:
  // Reads the records left by earlier runs (a record that cannot be parsed counts as one death).
  explicit AttemptLedger(std::filesystem::path dir);

  // How many starts of `cell_id` in a row ended with their process dying, as recorded before this run.
  int deaths(const std::string& cell_id) const;
  // Forgets the deaths of a cell (--retry-failed).
  void forget(const std::string& cell_id);
  // Records one more start, durably, before the cell is handed out; throws OutputError when it cannot.
  void starting(const std::string& cell_id);
  // The attempt ended (complete, failed or interrupted): removes the record.
  void ended(const std::string& cell_id);

 private:
  std::filesystem::path dir_;
  std::map<std::string, int> deaths_;  // from earlier runs
};

// The cell this process is running, shared with its signal watcher thread.
class RunningAttempt {
 public:
  explicit RunningAttempt(std::filesystem::path attempts_dir) : dir_(std::move(attempts_dir)) {}
  // The cell this process starts now ("" when it runs none). After release(), a cell set here is released at once.
  void set(const std::string& cell_id) noexcept;
  // A preemption signal reached this process: the start of its cell goes back to the count before it (the record is
  // removed at 1), so being stopped does not count as a death. Best effort; never throws.
  void release() noexcept;

 private:
  void release_locked() noexcept;

  std::filesystem::path dir_;
  std::string cell_id_;
  bool released_ = false;
  std::mutex mutex_;
};

}  // namespace dt
