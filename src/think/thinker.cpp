// Thinker: the Deep-Thinking loop over the demonstration's KV cache, with per-step statistics.
#include "dt/think/thinker.h"

#include <c10/core/InferenceMode.h>

#include <cmath>
#include <limits>
#include <utility>

#include "dt/util/error.h"

namespace dt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

at::Tensor norm64(const at::Tensor& t) { return t.to(at::kDouble).pow(2).sum().sqrt(); }

at::Tensor cosine64(const at::Tensor& a, const at::Tensor& b) {
  const auto a64 = a.to(at::kDouble), b64 = b.to(at::kDouble);
  return (a64 * b64).sum() / (a64.pow(2).sum().sqrt() * b64.pow(2).sum().sqrt());
}

}  // namespace

void Thinker::check_positions(std::int64_t steps) const {
  const auto L = demo_.size(1);
  const auto max_positions = model_.info().max_positions;
  if (max_positions <= 0) return;
  if (L > max_positions)
    throw Error("the demonstration has " + std::to_string(L) + " tokens but the model has " +
                std::to_string(max_positions) + " positions");
  if (steps >= 2 && spec_.estimator.kind != EstimatorSpec::Kind::PositionMatched && 2 * L > max_positions)
    throw Error("the demonstration has " + std::to_string(L) + " tokens; a Deep-Thinking step feeds it twice (" +
                std::to_string(2 * L) + " positions) but the model has " + std::to_string(max_positions) +
                " positions (--steps 1 needs only " + std::to_string(L) + ")");
}

Thinker::Thinker(const DecoderLM& model, const std::vector<std::int64_t>& demo_ids, const MetaOptimizerSpec& spec,
                 std::int64_t planned_steps, std::vector<DemoReordering> reorderings)
    : model_(model), spec_(spec), reorderings_(std::move(reorderings)) {
  const auto L = static_cast<std::int64_t>(demo_ids.size());
  if (L == 0) throw Error("the demonstration is empty: Deep-Thinking needs at least one token");
  for (auto id : demo_ids)
    if (id < 0 || id >= model.info().vocab_size)
      throw Error("demonstration token id " + std::to_string(id) + " is outside the model's vocabulary of " +
                  std::to_string(model.info().vocab_size));
  demo_ = at::tensor(demo_ids, at::TensorOptions().dtype(at::kLong)).to(model.info().device).unsqueeze(0);
  check_positions(planned_steps);
  spec_.layers.scale(0, model.info().num_layers);  // a schedule naming layers the model lacks fails before any work
}

void Thinker::first_step(std::vector<at::Tensor>& norms) {
  const auto layers = static_cast<std::size_t>(model_.info().num_layers);
  auto out = model_.forward(make_causal_batch(demo_, 0), PastKV{});
  kv_ = out.new_kv.clone();
  for (std::size_t l = 0; l < layers; ++l) {
    const auto k = norm64(kv_.layer(l).k), v = norm64(kv_.layer(l).v);
    norms.insert(norms.end(), {k, v, k, v});
  }
  const auto layer_count = static_cast<std::int64_t>(layers);
  for (std::size_t l = 0; l < layers; ++l)
    scales_.push_back(spec_.layers.scale(static_cast<std::int64_t>(l), layer_count));
  for (std::size_t i = 0; i < 2 * layers; ++i) optimizers_.push_back(make_meta_optimizer(spec_, scales_[i / 2]));
  previous_gradients_.resize(2 * layers);
}

void Thinker::later_step(std::vector<at::Tensor>& norms) {
  const auto nan64 = [&] { return at::full({}, kNaN, at::TensorOptions().dtype(at::kDouble).device(demo_.device())); };
  const auto apply = [&](std::size_t l, const LayerKV& fresh) {
    auto& layer = kv_.layer(l);
    at::Tensor* slots[2] = {&layer.k, &layer.v};
    const at::Tensor* fresh_slots[2] = {&fresh.k, &fresh.v};
    std::array<at::Tensor, 2> grads, directions, cosines;
    for (int s = 0; s < 2; ++s) {
      const auto idx = 2 * l + static_cast<std::size_t>(s);
      auto update = optimizers_[idx]->update(*slots[s], *fresh_slots[s]);
      *slots[s] = update.value.contiguous();
      grads[s] = norm64(update.gradient);
      directions[s] = scales_[l] != 0 ? norm64(update.direction) : nan64();
      cosines[s] = previous_gradients_[idx].defined() ? cosine64(update.gradient, previous_gradients_[idx]) : nan64();
      previous_gradients_[idx] = update.gradient;
    }
    norms.insert(norms.end(), {norm64(layer.k), norm64(layer.v), norm64(fresh.k), norm64(fresh.v), grads[0], grads[1],
                               directions[0], directions[1], cosines[0], cosines[1]});
  };
  const DemoForward forward = [&](const ForwardBatch& batch, const KVCache& past) {
    return model_.forward(batch, PastKV{&past}).new_kv;
  };
  estimate_fresh_kv(spec_.estimator, forward, demo_, reorderings_, kv_, apply);
}

const KVCache& Thinker::step() {
  c10::InferenceMode inference_mode;
  if (steps_done_ == 1) check_positions(2);
  const auto layers = static_cast<std::size_t>(model_.info().num_layers);
  std::vector<at::Tensor> norms;  // gathered and copied to the host once per step
  norms.reserve(layers * 10);
  if (steps_done_ == 0)
    first_step(norms);
  else
    later_step(norms);
  ++steps_done_;
  const auto host = at::stack(norms).to(at::kCPU).contiguous();
  const double* values = host.data_ptr<double>();
  stats_.step = steps_done_;
  stats_.layers.assign(layers, LayerThinkStats{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN});
  const std::size_t per_layer = steps_done_ == 1 ? 4 : 10;
  for (std::size_t l = 0; l < layers; ++l) {
    const auto& fields = think_stat_fields();
    for (std::size_t f = 0; f < per_layer; ++f) stats_.layers[l].*(fields[f].member) = values[l * per_layer + f];
    // the norms are summed in float64, so only a NaN or infinite entry makes them non-finite
    const auto& s = stats_.layers[l];
    for (const auto& [norm, what] : {std::pair{s.k_norm, "keys"}, std::pair{s.v_norm, "values"}})
      if (!std::isfinite(norm))
        throw Error("Deep-Thinking step " + std::to_string(steps_done_) + ": the " + what + " of layer " +
                    std::to_string(l) + " are not finite (NaN or infinite activations" +
                    (steps_done_ > 1 ? std::string(", or a diverging update") : std::string()) + ")");
  }
  return kv_;
}

}  // namespace dt
