// run_sweep: the MPI-sharded grid. Every rank loads the same configuration; rank 0 prepares the output directory
// (lock, orphans, stale results, synthetic models, manifest) and coordinates; the other ranks pull cells one at a
// time. With a single rank, rank 0 also runs the cells. Exit status, the same on every rank: 0 all cells complete,
// 1 some cell failed every attempt or is quarantined, 2 bad configuration, 74 an output could not be written (disk
// full: make room and rerun), 75 interrupted by SIGTERM / SIGUSR1 (rerun the same command to resume).
#pragma once

#include <filesystem>
#include <string>

#include "dt/config/sweep_config.h"
#include "dt/sweep/coordinator.h"

namespace dt {

class MpiChannel;

struct SweepOptions {
  std::filesystem::path config;
  SweepOverrides overrides;
  int threads = 0;  // per rank; 0 = the node's cores divided among its ranks
  // Progress off a terminal: at most one line every N seconds (< 0: 0 up to 100 cells, else 10); progress_line.h.
  double progress_seconds = -1;
  std::string progress = "auto";  // "live" (one redrawn line), "lines", or "auto": live when stdout is a terminal
  bool retry_failed = false;      // run quarantined cells again
  // Where rank 0 writes {"exit": status, "reason": ...} as soon as it decides (75 the moment a preemption signal
  // arrives): a launcher wrapper reads it when the launcher's own status cannot carry it (mpirun sent SIGTERM exits
  // 1). Empty: not written.
  std::filesystem::path exit_record;
};

int run_sweep(MpiChannel& mpi, const SweepOptions& options);

}  // namespace dt
