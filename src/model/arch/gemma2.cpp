// Gemma 2 (HF Gemma2ForCausalLM): the Gemma decoder (gemma_family.h) with attention and final logit soft-capping,
// queries scaled by query_pre_attn_scalar^-1/2, and a sliding window on every other layer (layers 0, 2, ...; or as
// `layer_types` says). One RoPE table (rope_theta).
#include "gemma_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_gemma2(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  auto spec = read_gemma_family_spec(cfg);
  spec.windows = gemma_layer_windows(cfg, info.num_layers, cfg.get_size("sliding_window", 0), /*pattern=*/2);
  spec.global_rotary = read_rotary(cfg, info.head_dim, cfg.get_positive("rope_theta", 10000.0));
  spec.local_rotary = spec.global_rotary;
  return make_gemma_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
