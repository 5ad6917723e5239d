// The decoder shared by Gemma 2 and Gemma 3 (text): embeddings scaled by sqrt(hidden) in the compute dtype, Gemma's
// (1 + w) RMSNorm before and after attention and MLP, GeGLU (tanh GELU) MLP, queries scaled by
// query_pre_attn_scalar^-1/2, optional attention and final logit soft-capping, per-layer sliding windows, optional
// q/k norms (Gemma 3) and separate RoPE tables for local and global layers (Gemma 3). Tied lm_head. gemma2.cpp and
// gemma3_text.cpp read their configs into a GemmaFamilySpec; only they use this file.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "architectures.h"

namespace dt::arch {

struct GemmaFamilySpec {
  std::int64_t intermediate = 0;
  double rms_eps = 1e-6;
  blocks::Activation activation = blocks::Activation::GeluTanh;
  Bias attention_bias = Bias::None;
  double query_scale = 1.0;           // query_pre_attn_scalar^-1/2
  double attention_softcap = 0.0;     // 0: none
  double final_softcap = 0.0;         // 0: none
  bool qk_norm = false;               // Gemma 3
  std::vector<std::int64_t> windows;  // per layer: 0 = global, w > 0 = sliding window w (one size)
  blocks::Rotary global_rotary;
  blocks::Rotary local_rotary;  // the sliding layers' table (Gemma 2: the same as global)
};

// What Gemma 2 and 3 configs spell alike: intermediate_size, rms_norm_eps, hidden_activation (or hidden_act),
// attention_bias, query_pre_attn_scalar (default 256, as transformers' configs), the soft-capping values (null: none).
// Windows and RoPE tables are the caller's.
GemmaFamilySpec read_gemma_family_spec(const ModelConfig& config);

std::unique_ptr<DecoderLM> make_gemma_family(const Checkpoint& checkpoint, const ModelOptions& options, ModelInfo info,
                                             GemmaFamilySpec spec);

// Gemma's sliding layers when the config has no `layer_types`: layer l slides unless (l + 1) is a multiple of
// `pattern` (Gemma 2: 2, global every other layer; Gemma 3: sliding_window_pattern, 6).
std::vector<std::int64_t> gemma_layer_windows(const ModelConfig& config, std::int64_t num_layers, std::int64_t window,
                                              std::int64_t pattern);

}  // namespace dt::arch
