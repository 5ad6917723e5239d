// Qwen3 (HF Qwen3ForCausalLM): the LLaMA-like decoder (llama_family.h) with an RMSNorm over head_dim on every q and
// k head before RoPE, an explicit `head_dim`, q/k/v/o biases only with `attention_bias`, and the sliding-window rule
// of Qwen2 (`use_sliding_window`, `max_window_layers`, or `layer_types`).
#include "llama_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_qwen3(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  LlamaFamilySpec spec;
  spec.intermediate = cfg.get_size("intermediate_size");
  spec.rms_eps = cfg.get_positive("rms_norm_eps", 1e-6);
  spec.activation = blocks::parse_activation(cfg.get_string("hidden_act", "silu"), cfg.where());
  spec.qkv_bias = spec.o_bias = cfg.get_bool("attention_bias", false) ? Bias::Required : Bias::None;
  spec.mlp_bias = Bias::None;
  spec.qk_norm = true;
  const auto window = cfg.get_bool("use_sliding_window", false) ? cfg.get_size("sliding_window", 0) : 0;
  spec.windows = layer_windows(cfg, info.num_layers, window, [](const ModelConfig& c, std::int64_t layer) {
    return layer >= c.get_int("max_window_layers", 28);
  });
  spec.rotary = read_rotary(cfg, info.head_dim, cfg.get_positive("rope_theta", 10000.0));
  return make_llama_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
