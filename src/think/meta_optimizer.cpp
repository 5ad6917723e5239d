// Momentum and gate meta-optimizers (see meta_optimizer.h for the equations).
#include "dt/think/meta_optimizer.h"

#include <sstream>

namespace dt {
namespace {

class Momentum final : public MetaOptimizer {
 public:
  Momentum(double step_size, double beta) : step_size_(step_size), beta_(beta) {}

  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    m_ = m_.defined() ? g + beta_ * m_ : g;  // the first direction is the first pseudo-gradient, no beta * 0 term
    return {current + step_size_ * m_, g, m_};
  }

 private:
  double step_size_, beta_;
  at::Tensor m_;
};

class Gate final : public MetaOptimizer {
 public:
  explicit Gate(double eta) : eta_(eta) {}

  MetaUpdate update(const at::Tensor& current, const at::Tensor& fresh) override {
    auto g = fresh - current;
    return {eta_ * fresh + (1.0 - eta_) * current, g, g};
  }

 private:
  double eta_;
};

}  // namespace

std::string MetaOptimizerSpec::describe() const {
  std::ostringstream out;
  if (kind == Kind::Momentum)
    out << "momentum(step_size=" << step_size << ",momentum=" << momentum << ")";
  else
    out << "gate(eta=" << eta << ")";
  return out.str();
}

std::unique_ptr<MetaOptimizer> make_meta_optimizer(const MetaOptimizerSpec& spec) {
  if (spec.kind == MetaOptimizerSpec::Kind::Gate) return std::make_unique<Gate>(spec.eta);
  return std::make_unique<Momentum>(spec.step_size, spec.momentum);
}

}  // namespace dt
