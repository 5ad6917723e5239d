// run_sweep: the MPI-sharded grid. Every rank loads the same configuration; rank 0 prepares the output directory
// (lock, orphans, stale results, synthetic models, manifest) and coordinates; the other ranks pull cells one at a
// time. With a single rank, rank 0 also runs the cells. Exit status: 0 all cells complete, 1 some cell failed
// every attempt, 2 bad configuration, 75 interrupted by SIGTERM / SIGUSR1 (rerun the same command to resume).
#pragma once

#include <filesystem>
#include <string>

#include "dt/sweep/sweep_config.h"

namespace dt {

class MpiChannel;

struct SweepOptions {
  std::filesystem::path config;
  SweepOverrides overrides;
  int threads = 0;  // per rank; 0 = the node's cores divided among its ranks
  // Progress off a terminal: at most one line every N seconds (< 0: 0 up to 100 cells, else 10); progress_line.h.
  double progress_seconds = -1;
  std::string progress = "auto";  // "live" (one redrawn line), "lines", or "auto": live when stdout is a terminal
};

inline constexpr int kExitInterrupted = 75;

int run_sweep(MpiChannel& mpi, const SweepOptions& options);

}  // namespace dt
