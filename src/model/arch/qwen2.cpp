// Qwen2 / Qwen2.5 (HF Qwen2ForCausalLM): the LLaMA-like decoder (llama_family.h) with biases on q, k and v (none on
// o or the MLP), tied embeddings where the config says so (0.5B-3B), and a sliding window only when
// `use_sliding_window` is true: on the layers `layer_types` names, else on layers >= `max_window_layers`, as
// transformers' Qwen2Config derives them. Released Qwen2.5 configs have use_sliding_window false.
#include "llama_family.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_qwen2(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, grouped_query_shape_keys());
  auto spec = read_llama_family_spec(cfg, info);
  spec.qkv_bias = Bias::Required;
  spec.o_bias = spec.mlp_bias = Bias::None;
  spec.windows = qwen_layer_windows(cfg, info.num_layers);
  return make_llama_family(checkpoint, options, std::move(info), std::move(spec));
}

std::vector<std::int64_t> qwen_layer_windows(const ModelConfig& config, std::int64_t num_layers) {
  const auto window = config.get_bool("use_sliding_window", false) ? config.get_size("sliding_window", 0) : 0;
  return layer_windows(config, num_layers, window, [](const ModelConfig& c, std::int64_t layer) {
    return layer >= c.get_int("max_window_layers", 28);
  });
}

}  // namespace dt::arch
