// Gemma 3, text only (HF Gemma3ForCausalLM, model_type gemma3_text): the Gemma decoder (gemma_family.h) with an
// RMSNorm (1 + w) over head_dim on every q and k head before RoPE, five sliding layers to one global
// (`sliding_window_pattern`, or `layer_types`), and two RoPE tables: the sliding layers' from rope_local_base_freq
// without scaling, the global layers' from rope_theta with `rope_scaling` (linear 8 from 4B on). Soft-capping only
// where the config sets it (released configs: none).
#include "gemma_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_gemma3_text(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  auto spec = read_gemma_family_spec(cfg);
  spec.qk_norm = true;
  spec.windows = gemma_layer_windows(cfg, info.num_layers, cfg.get_size("sliding_window", 0),
                                     cfg.get_size("sliding_window_pattern", 6));
  spec.global_rotary = read_rotary(cfg, info.head_dim, cfg.get_positive("rope_theta", 1000000.0));
  spec.local_rotary = read_rotary(cfg, info.head_dim, cfg.get_positive("rope_local_base_freq", 10000.0),
                                  /*with_scaling=*/false, "sliding_attention");
  return make_gemma_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
