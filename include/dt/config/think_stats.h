// The meta-gradient statistics the Thinker records after every step, per layer, in float64, and their stored names
// (the cell file's /think/<name> datasets). LibTorch-free, so that readers of cell files share the definitions.
#pragma once

#include <array>
#include <vector>

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

}  // namespace dt
