// SweepProgress: where a dt-sweep run is, as rank 0 prints it.
//   On a terminal: one line redrawn in place ("\r", clear to the end of the line) at most ten times a second and
//   after the last cell: done/total, running, failed, cells/s, ETA and, per model, done/total. Messages (a failed
//   cell) clear the line, print, and the line is drawn again under them.
//   Elsewhere (Slurm logs, CI, a pipe): one line per finished cell as before, but at most one every `every_seconds`
//   (0: every cell); the first and the last are always printed.
// LibTorch-free.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace dt {

struct ProgressCounts {
  std::size_t done = 0, total = 0, skipped = 0, running = 0, failed = 0;
  double rate = 0;  // cells computed (not skipped) per second so far
  struct Model {
    std::string name;
    std::size_t done = 0, total = 0;
  };
  std::vector<Model> models;
};

// "[sweep] 12/84 done (0 already complete), 2 running, 0 failed, 3.10 cells/s, ETA 23 s", and with `per_model`
// " | tiny-gpt2 10/42, tiny-llama 2/42".
std::string progress_text(const ProgressCounts& counts, bool per_model);

class SweepProgress {
 public:
  // `every_seconds` < 0: 0 for grids of up to 100 cells, else 10.
  SweepProgress(bool terminal, double every_seconds, std::size_t total, std::FILE* out = stdout);

  void update(const ProgressCounts& counts);
  // A whole line for `stream` (stdout or stderr) that must not be overwritten by the live line.
  void message(std::FILE* stream, const std::string& line);
  // Ends the live line (a newline) so that what follows starts on its own line.
  void end();

  bool terminal() const { return terminal_; }

 private:
  using Clock = std::chrono::steady_clock;
  bool terminal_;
  double every_seconds_;
  std::FILE* out_;
  bool drawn_ = false, printed_any_ = false;
  Clock::time_point last_;
  std::string last_text_;
};

}  // namespace dt
