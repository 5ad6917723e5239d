// Thinker: runs Deep-Thinking over one demonstration and hands out the KV after every step.
//   step 1:   forward(demo) with no past; KV_1 = its K/V (plain in-context learning).
//   step t>1: forward(demo) again with KV_{t-1} as past (every past key visible, positions L..2L-1); N_t = the
//             K/V of that second copy; every layer's K and V is updated by its own MetaOptimizer.
// After each step it also records the meta-gradient statistics the sweep stores, per layer, in float64.
#pragma once

#include <ATen/ATen.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "dt/model/decoder.h"
#include "dt/model/kv_cache.h"
#include "dt/think/meta_optimizer.h"

namespace dt {

// Statistics of one layer after one step. Norms are Frobenius norms over the whole [1, H_kv, L, D] tensor.
struct LayerThinkStats {
  double k_norm, v_norm;                      // ||KV_t||
  double new_k_norm, new_v_norm;              // ||N_t||, the raw K/V of the step's forward
  double k_grad_norm, v_grad_norm;            // ||g_t||; NaN at step 1
  double k_direction_norm, v_direction_norm;  // ||m_t||; NaN at step 1
  double k_grad_cosine, v_grad_cosine;        // cos(g_t, g_{t-1}); NaN at steps 1 and 2
};

struct ThinkStatField {
  const char* name;
  double LayerThinkStats::*member;
};
// Every field of LayerThinkStats with its stored name, in a fixed order.
const std::array<ThinkStatField, 10>& think_stat_fields();

struct StepStats {
  int step = 0;
  std::vector<LayerThinkStats> layers;
};

class Thinker {
 public:
  // `demo_ids`: the demonstration's token ids (what the tokenizer gives, BOS included where it adds one).
  // `planned_steps`: how many steps the caller means to run. Step 1 needs L positions, every later step 2L, so this
  // throws dt::Error when the positions the plan needs exceed the model's.
  Thinker(const DecoderLM& model, const std::vector<std::int64_t>& demo_ids, const MetaOptimizerSpec& spec,
          std::int64_t planned_steps = 2);

  // Runs the next step (the first call is step 1) and returns the KV after it. Throws dt::Error, naming the step and
  // the layer, when the cache is no longer finite (NaN or infinite activations), and before a step 2 beyond the
  // plan when 2L exceeds the model's positions.
  const KVCache& step();

  int steps_done() const { return steps_done_; }
  const KVCache& kv() const { return kv_; }
  const StepStats& last_stats() const { return stats_; }
  std::int64_t demo_length() const { return demo_.size(1); }

 private:
  void check_positions(std::int64_t steps) const;

  const DecoderLM& model_;
  MetaOptimizerSpec spec_;
  at::Tensor demo_;  // [1, L]
  KVCache kv_;
  std::vector<std::unique_ptr<MetaOptimizer>> optimizers_;  // 2 per layer: K then V
  std::vector<at::Tensor> previous_gradients_;             // 2 per layer, from the last update
  StepStats stats_;
  int steps_done_ = 0;
};

}  // namespace dt
