// The Deep-Thinking update of one tensor (one layer's K or one layer's V), next to the paper's equations.
// N_t is the K/V the step-t forward produced for the second copy of the demonstrations; KV is the current value;
// t counts updates from 1; s is the layer's scale (meta_optimizer_spec.h: 1 unless a layer schedule says otherwise).
//   pseudo-gradient   g_t = N_t - KV_{t-1}
//   momentum (released code): m_t = g_t at the first update, else g_t + beta * m_{t-1};  KV_t = KV_{t-1} + s eps m_t
//   gate (paper v3):          KV_t = s eta N_t + (1 - s eta) KV_{t-1}               (its direction m_t is g_t)
//   nesterov:                 m_t as momentum; d_t = g_t + beta m_t;                 KV_t = KV_{t-1} + s eps d_t
//   adam:                     a_t = beta1 a_{t-1} + (1 - beta1) g_t,  b_t = beta2 b_{t-1} + (1 - beta2) g_t^2
//                             (a_0 = b_0 = 0); d_t = (a_t / (1 - beta1^t)) / (sqrt(b_t / (1 - beta2^t)) + delta);
//                             KV_t = KV_{t-1} + s eps d_t; the moments are kept in float32 for half-precision KV
//   normalized:               m_t as momentum; d_t = m_t / ||m_t|| * ||KV_{t-1}|| (0 when m_t = 0);
//                             KV_t = KV_{t-1} + s eps d_t, a step of relative size s eps; norms per tensor
// `direction` is the step before the step size (m_t, or d_t). A layer with s = 0 keeps KV_t = KV_{t-1} exactly
// while its optimizer state still follows g_t. Each K and each V tensor of every layer owns one MetaOptimizer.
#pragma once

#include <ATen/ATen.h>

#include <memory>

#include "dt/config/meta_optimizer_spec.h"

namespace dt {

struct MetaUpdate {
  at::Tensor value;      // KV_t
  at::Tensor gradient;   // g_t
  at::Tensor direction;  // m_t or d_t
};

class MetaOptimizer {
 public:
  virtual ~MetaOptimizer() = default;
  virtual MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) = 0;
};

// `scale`: s for the tensor's layer (LayerSchedule::scale).
std::unique_ptr<MetaOptimizer> make_meta_optimizer(const MetaOptimizerSpec& spec, double scale = 1.0);

}  // namespace dt
