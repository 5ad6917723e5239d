// The decoder shared by the LLaMA-like families (llama, mistral, qwen2, qwen3, phi3): RMSNorm before attention and
// MLP, rotary q/k, grouped-query attention with per-layer sliding windows, SwiGLU-style gated MLP. Each family's file
// reads its config into a LlamaFamilySpec; this file holds the one forward pass they share. Only the arch files use it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "architectures.h"

namespace dt::arch {

struct LlamaFamilySpec {
  std::int64_t intermediate = 0;
  double rms_eps = 1e-6;
  blocks::Activation activation = blocks::Activation::Silu;
  Bias qkv_bias = Bias::Optional;  // q_proj, k_proj, v_proj (or qkv_proj)
  Bias o_bias = Bias::Optional;
  Bias mlp_bias = Bias::Optional;
  bool fused_qkv = false;      // Phi-3: self_attn.qkv_proj = [q; k; v] rows
  bool fused_gate_up = false;  // Phi-3: mlp.gate_up_proj = [gate; up] rows
  bool qk_norm = false;        // Qwen3: RMSNorm over head_dim of each q and k head, before RoPE
  bool tied_by_default = false;
  // Per layer: 0 = full attention, w > 0 = a sliding window of w (see blocks::sliding_window_mask). One window size
  // for every sliding layer.
  std::vector<std::int64_t> windows;
  blocks::Rotary rotary;  // read_rotary over info.head_dim, or its leading dims (partial rotary)
};

// What every LLaMA-like config spells alike: intermediate_size, rms_norm_eps (default `default_eps`), hidden_act, no
// sliding window, RoPE over `rotary_dim` leading dims of each head (0: all) from rope_theta / rope_scaling /
// rope_parameters. Families adjust the rest.
LlamaFamilySpec read_llama_family_spec(const ModelConfig& config, const ModelInfo& info, double default_eps = 1e-6,
                                       std::int64_t rotary_dim = 0);

// Qwen2's and Qwen3's sliding layers: only with `use_sliding_window`, on the layers `layer_types` marks, else on
// layers >= `max_window_layers`, as transformers' Qwen2Config derives them (defined in qwen2.cpp).
std::vector<std::int64_t> qwen_layer_windows(const ModelConfig& config, std::int64_t num_layers);

// Builds the model from `info` (read_model_info with the family's shape keys) and `spec`.
std::unique_ptr<DecoderLM> make_llama_family(const Checkpoint& checkpoint, const ModelOptions& options, ModelInfo info,
                                             LlamaFamilySpec spec);

}  // namespace dt::arch
