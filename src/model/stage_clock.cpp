// StageClock (see stage_clock.h): per-stage totals in nanoseconds, atomics so that any thread may add to them.
#include "dt/model/stage_clock.h"

#include <atomic>

namespace dt {
namespace {

std::atomic<bool> g_on{false};
std::array<std::atomic<long long>, kStageCount> g_nanoseconds{};

}  // namespace

const char* stage_name(Stage stage) {
  switch (stage) {
    case Stage::Linear: return "linear layers (GEMM)";
    case Stage::Attention: return "attention";
    case Stage::Activation: return "activation (GELU, SiLU)";
    case Stage::Norm: return "LayerNorm / RMSNorm";
    case Stage::LogSoftmax: return "log-softmax of scored rows";
  }
  return "?";
}

void enable_stage_clock(bool on) {
  if (on)
    for (auto& n : g_nanoseconds) n.store(0, std::memory_order_relaxed);
  g_on.store(on, std::memory_order_relaxed);
}

bool stage_clock_enabled() { return g_on.load(std::memory_order_relaxed); }

std::array<double, kStageCount> stage_seconds() {
  std::array<double, kStageCount> out{};
  for (std::size_t i = 0; i < kStageCount; ++i) out[i] = static_cast<double>(g_nanoseconds[i].load()) / 1e9;
  return out;
}

StageTimer::StageTimer(Stage stage) : stage_(stage), on_(stage_clock_enabled()) {
  if (on_) start_ = std::chrono::steady_clock::now();
}

StageTimer::~StageTimer() {
  if (!on_) return;
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
  g_nanoseconds[static_cast<std::size_t>(stage_)].fetch_add(ns, std::memory_order_relaxed);
}

}  // namespace dt
