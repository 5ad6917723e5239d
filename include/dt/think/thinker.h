// Thinker: runs Deep-Thinking over one demonstration and hands out the KV after every step.
//   step 1:   forward(demo) with no past; KV_1 = its K/V (plain in-context learning).
//   step t>1: forward(demo) again with KV_{t-1} as past (every past key visible, positions L..2L-1); N_t = the
//             K/V of that second copy; every layer's K and V is updated by its own MetaOptimizer. The spec's estimator
//             (think/pseudo_gradient.h) may forward otherwise (other positions, layer by layer, other orders).
// After each step it also records the meta-gradient statistics the sweep stores, per layer, in float64; a layer the
// schedule leaves untuned (s_l = 0) gets no direction norm (NaN), since no direction is applied to it.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "dt/config/think_stats.h"
#include "dt/model/decoder.h"
#include "dt/model/kv_cache.h"
#include "dt/think/meta_optimizer.h"
#include "dt/think/pseudo_gradient.h"

namespace dt {

class Thinker {
 public:
  // `demo_ids`: the demonstration's token ids (what the tokenizer gives, BOS included where it adds one).
  // `planned_steps`: how many steps the caller means to run. Step 1 needs L positions, every later step 2L, so this
  // throws dt::Error when the positions the plan needs exceed the model's (position-matched needs L only).
  // `reorderings`: order-average's R - 1 other orders of the demonstration (cell/demo_reorderings.h).
  Thinker(const DecoderLM& model, const std::vector<std::int64_t>& demo_ids, const MetaOptimizerSpec& spec,
          std::int64_t planned_steps = 2, std::vector<DemoReordering> reorderings = {});

  // Runs the next step (the first call is step 1) and returns the KV after it. Throws dt::Error, naming the step and
  // the layer, when the cache is no longer finite (NaN or infinite activations), and before a step 2 beyond the
  // plan when 2L exceeds the model's positions.
  const KVCache& step();

  const KVCache& kv() const { return kv_; }
  const StepStats& last_stats() const { return stats_; }
  std::int64_t demo_length() const { return demo_.size(1); }

 private:
  void check_positions(std::int64_t steps) const;
  void first_step(std::vector<at::Tensor>& norms);
  void later_step(std::vector<at::Tensor>& norms);

  const DecoderLM& model_;
  MetaOptimizerSpec spec_;
  at::Tensor demo_;  // [1, L]
  KVCache kv_;
  std::vector<std::unique_ptr<MetaOptimizer>> optimizers_;  // 2 per layer: K then V
  std::vector<at::Tensor> previous_gradients_;              // 2 per layer, from the last update
  std::vector<double> scales_;                              // s_l per layer
  std::vector<DemoReordering> reorderings_;
  StepStats stats_;
  int steps_done_ = 0;
};

}  // namespace dt
