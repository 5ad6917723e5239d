// Gemma 2 (HF Gemma2ForCausalLM): the Gemma decoder (gemma_family.h) with attention and final logit soft-capping,
// queries scaled by query_pre_attn_scalar^-1/2, and a sliding window on every other layer (layers 0, 2, ...; or as
// `layer_types` says). One RoPE table (rope_theta).
#include <cmath>

#include "gemma_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_gemma2(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  GemmaFamilySpec spec;
  spec.intermediate = cfg.get_size("intermediate_size");
  spec.rms_eps = cfg.get_positive("rms_norm_eps", 1e-6);
  spec.activation = blocks::parse_activation(
      cfg.get_string("hidden_activation", cfg.get_string("hidden_act", "gelu_pytorch_tanh")), cfg.where());
  spec.attention_bias = cfg.get_bool("attention_bias", false) ? Bias::Required : Bias::None;
  spec.query_scale = 1.0 / std::sqrt(cfg.get_positive("query_pre_attn_scalar", 256.0));
  spec.attention_softcap = cfg.get_positive("attn_logit_softcapping", 0.0);
  spec.final_softcap = cfg.get_positive("final_logit_softcapping", 0.0);
  spec.windows = gemma_layer_windows(cfg, info.num_layers, cfg.get_size("sliding_window", 0), /*pattern=*/2);
  spec.global_rotary = read_rotary(cfg, info.head_dim, cfg.get_positive("rope_theta", 10000.0));
  spec.local_rotary = spec.global_rotary;
  return make_gemma_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
