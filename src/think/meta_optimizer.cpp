// The meta-optimizers, one small class each (equations in meta_optimizer.h).
#include "dt/think/meta_optimizer.h"

#include <cmath>

namespace dt {
namespace {

// m_t = g_t at the first update, else g_t + beta m_{t-1}: momentum's, nesterov's and normalized's state.
class MomentumState {
 public:
  explicit MomentumState(double beta) : beta_(beta) {}
  const at::Tensor& next(const at::Tensor& g) {
    m_ = m_.defined() ? g + beta_ * m_ : g;  // the first direction is the first pseudo-gradient, no beta * 0 term
    return m_;
  }

 private:
  double beta_;
  at::Tensor m_;
};

// KV_{t-1} + step * direction, or KV_{t-1} itself for a layer that is not tuned.
at::Tensor stepped(const at::Tensor& current, double step, const at::Tensor& direction) {
  return step == 0.0 ? current : current + step * direction;
}

class Momentum final : public MetaOptimizer {
 public:
  Momentum(double step, double beta) : step_(step), state_(beta) {}
  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    const auto& m = state_.next(g);
    return {stepped(current, step_, m), g, m};
  }

 private:
  double step_;
  MomentumState state_;
};

class Gate final : public MetaOptimizer {
 public:
  explicit Gate(double eta) : eta_(eta) {}
  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    return {eta_ == 0.0 ? current : eta_ * fresh + (1.0 - eta_) * current, g, g};
  }

 private:
  double eta_;
};

class Nesterov final : public MetaOptimizer {
 public:
  Nesterov(double step, double beta) : step_(step), beta_(beta), state_(beta) {}
  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    auto d = g + beta_ * state_.next(g);
    return {stepped(current, step_, d), g, d};
  }

 private:
  double step_, beta_;
  MomentumState state_;
};

class Adam final : public MetaOptimizer {
 public:
  Adam(double step, double beta1, double beta2, double delta)
      : step_(step), beta1_(beta1), beta2_(beta2), delta_(delta) {}
  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    const bool half = g.scalar_type() == at::kHalf || g.scalar_type() == at::kBFloat16;
    const auto g_state = half ? g.to(at::kFloat) : g;
    ++t_;
    a_ = a_.defined() ? beta1_ * a_ + (1.0 - beta1_) * g_state : (1.0 - beta1_) * g_state;
    b_ = b_.defined() ? beta2_ * b_ + (1.0 - beta2_) * g_state * g_state : (1.0 - beta2_) * g_state * g_state;
    const double correct1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
    const double correct2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
    auto d = ((a_ / correct1) / ((b_ / correct2).sqrt() + delta_)).to(g.scalar_type());
    return {stepped(current, step_, d), g, d};
  }

 private:
  double step_, beta1_, beta2_, delta_;
  std::int64_t t_ = 0;
  at::Tensor a_, b_;
};

class Normalized final : public MetaOptimizer {
 public:
  Normalized(double step, double beta) : step_(step), state_(beta) {}
  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    const auto& m = state_.next(g);
    const auto m_norm = m.to(at::kDouble).norm();
    const auto kv_norm = current.to(at::kDouble).norm();
    // ||KV|| / ||m||, 0 where m is 0; kept on the device (no host sync per tensor)
    const auto ratio = at::where(m_norm > 0, kv_norm / m_norm, at::zeros_like(m_norm)).to(m.scalar_type());
    auto d = m * ratio;
    return {stepped(current, step_, d), g, d};
  }

 private:
  double step_;
  MomentumState state_;
};

}  // namespace

std::unique_ptr<MetaOptimizer> make_meta_optimizer(const MetaOptimizerSpec& spec, double scale) {
  const double step = spec.step_size * scale;
  switch (spec.kind) {
    case MetaOptimizerSpec::Kind::Gate: return std::make_unique<Gate>(spec.eta * scale);
    case MetaOptimizerSpec::Kind::Nesterov: return std::make_unique<Nesterov>(step, spec.momentum);
    case MetaOptimizerSpec::Kind::Adam: return std::make_unique<Adam>(step, spec.beta1, spec.beta2, spec.delta);
    case MetaOptimizerSpec::Kind::Normalized: return std::make_unique<Normalized>(step, spec.momentum);
    case MetaOptimizerSpec::Kind::Momentum: break;
  }
  return std::make_unique<Momentum>(step, spec.momentum);
}

}  // namespace dt
