// Mistral (HF MistralForCausalLM): the LLaMA-like decoder (llama_family.h) with an explicit `head_dim` (Mistral-Nemo)
// and, when `sliding_window` is set (Mistral 7B v0.1; null from v0.2 on), that window on every layer.
//
// The window and Deep-Thinking: dt keeps every one of the L demonstration keys and masks by distance, as transformers'
// masks and mistral-inference's local attention do (a query at position i sees keys j <= i with i - j < window). The
// second copy of the demonstration, at positions L..2L-1, therefore sees only the last window - 1 - i' keys of the
// first copy (i' its offset), and a query after the demonstration sees only its last keys; with L + query < window,
// nothing is hidden. dt computes exactly this, the same as a forward of the concatenated text.
#include "llama_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_mistral(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  auto spec = read_llama_family_spec(cfg, info);
  spec.qkv_bias = spec.o_bias = spec.mlp_bias = Bias::None;
  const auto window = cfg.get_size("sliding_window", 0);
  spec.windows = layer_windows(cfg, info.num_layers, window, [](const ModelConfig&, std::int64_t) { return true; });
  return make_llama_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
