// The Deep-Thinking update of one tensor (one layer's K or one layer's V), next to the paper's equations.
// N_t is the K/V the step-t forward produced for the second copy of the demonstrations; KV is the current value.
//   pseudo-gradient   g_t = N_t - KV_{t-1}
//   momentum (released code): m_t = g_t at the first update, else g_t + beta * m_{t-1};  KV_t = KV_{t-1} + eps * m_t
//   gate (paper v3):          KV_t = eta * N_t + (1 - eta) * KV_{t-1}   (its direction m_t is g_t)
// Each K and each V tensor of every layer owns one MetaOptimizer, so their states never mix.
#pragma once

#include <ATen/ATen.h>

#include <memory>
#include <string>

namespace dt {

struct MetaOptimizerSpec {
  enum class Kind { Momentum, Gate };
  Kind kind = Kind::Momentum;
  double step_size = 0.01;  // eps (momentum)
  double momentum = 0.9;    // beta (momentum)
  double eta = 0.1;         // gate
  // "momentum(step_size=0.01,momentum=0.9)" / "gate(eta=0.3)"
  std::string describe() const;
};

struct MetaUpdate {
  at::Tensor value;      // KV_t
  at::Tensor gradient;   // g_t
  at::Tensor direction;  // m_t
};

class MetaOptimizer {
 public:
  virtual ~MetaOptimizer() = default;
  virtual MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) = 0;
};

std::unique_ptr<MetaOptimizer> make_meta_optimizer(const MetaOptimizerSpec& spec);

}  // namespace dt
