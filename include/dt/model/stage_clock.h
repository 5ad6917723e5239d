// StageClock: an opt-in wall-clock split of the model's work into stages, for dt-bench's per-stage table: the linear
// layers (GEMMs), attention (scores, mask, softmax, the products with V), activations, normalisations, and the
// log-softmax of the scored rows. Off by default: a timed region then costs one relaxed atomic load. The times are
// host wall time, so they mean what they say on the CPU (on CUDA, kernels are asynchronous: do not use it there).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>

namespace dt {

enum class Stage : std::size_t { Linear, Attention, Activation, Norm, LogSoftmax };
inline constexpr std::size_t kStageCount = 5;
const char* stage_name(Stage stage);

void enable_stage_clock(bool on);  // also resets the totals when turned on
bool stage_clock_enabled();
std::array<double, kStageCount> stage_seconds();  // totals since it was turned on

// Adds the time of its scope to `stage` while the clock is on.
class StageTimer {
 public:
  explicit StageTimer(Stage stage);
  ~StageTimer();
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  Stage stage_;
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace dt
