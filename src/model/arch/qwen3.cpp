// Qwen3 (HF Qwen3ForCausalLM): the LLaMA-like decoder (llama_family.h) with an RMSNorm over head_dim on every q and
// k head before RoPE, an explicit `head_dim`, q/k/v/o biases only with `attention_bias`, and the sliding-window rule
// of Qwen2 (`use_sliding_window`, `max_window_layers`, or `layer_types`).
#include "llama_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_qwen3(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  auto spec = read_llama_family_spec(cfg, info);
  spec.qkv_bias = spec.o_bias = cfg.get_bool("attention_bias", false) ? Bias::Required : Bias::None;
  spec.mlp_bias = Bias::None;
  spec.qk_norm = true;
  spec.windows = qwen_layer_windows(cfg, info.num_layers);
  return make_llama_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
