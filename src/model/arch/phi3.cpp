// Phi-3 / Phi-3.5 / Phi-4-mini (HF Phi3ForCausalLM): the LLaMA-like decoder (llama_family.h) with fused projections
// (`self_attn.qkv_proj` = q, k, v rows; `mlp.gate_up_proj` = gate, up rows), no biases, RoPE on the leading
// `partial_rotary_factor` of each head (1 by default), default RoPE or `longrope` (128k variants), and a sliding window
// on every layer when `sliding_window` is set.
#include <nlohmann/json.hpp>

#include "llama_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_phi3(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  double partial = cfg.get_positive("partial_rotary_factor", 1.0);
  // transformers 5 may keep it among the rope_parameters
  if (!cfg.has("partial_rotary_factor") && cfg.has("rope_parameters")) {
    const auto& rope = cfg.json()["rope_parameters"];
    if (rope.is_object() && rope.contains("partial_rotary_factor")) {
      if (!rope["partial_rotary_factor"].is_number() || rope["partial_rotary_factor"].get<double>() <= 0)
        cfg.fail_key("rope_parameters", "'partial_rotary_factor' must be a number > 0");
      partial = rope["partial_rotary_factor"].get<double>();
    }
  }
  if (partial > 1.0) cfg.fail_key("partial_rotary_factor", "must be at most 1");
  const auto rotary_dim = static_cast<std::int64_t>(static_cast<double>(info.head_dim) * partial);
  if (rotary_dim < 2 || rotary_dim % 2 != 0)
    cfg.fail_key("partial_rotary_factor",
                 "must leave an even number of rotary dims, got " + std::to_string(rotary_dim));
  auto spec = read_llama_family_spec(cfg, info, /*default_eps=*/1e-5, rotary_dim);
  spec.qkv_bias = spec.o_bias = spec.mlp_bias = Bias::None;
  spec.fused_qkv = spec.fused_gate_up = true;
  const auto window = cfg.get_size("sliding_window", 0);
  spec.windows = layer_windows(cfg, info.num_layers, window, [](const ModelConfig&, std::int64_t) { return true; });
  return make_llama_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
