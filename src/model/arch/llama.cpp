// LLaMA 1/2/3 (HF LlamaForCausalLM): the LLaMA-like decoder (llama_family.h) with optional q/k/v/o biases
// (`attention_bias`) and MLP biases (`mlp_bias`), an explicit `head_dim`, untied lm_head unless
// `tie_word_embeddings` (Llama 3.2 1B/3B), RoPE from `rope_theta` with `rope_scaling` linear or llama3 (Llama 3.1+).
// A stored `rotary_emb.inv_freq` is ignored: the frequencies are recomputed from the config as HF does.
#include "llama_family.h"

namespace dt::arch {

const ShapeKeys& grouped_query_shape_keys() {
  static const ShapeKeys keys{.kv_heads = "num_key_value_heads", .head_dim = "head_dim"};
  return keys;
}

const ShapeKeys& llama_shape_keys() { return grouped_query_shape_keys(); }

std::unique_ptr<DecoderLM> make_llama(const Checkpoint& checkpoint, const ModelOptions& options) {
  const auto& cfg = checkpoint.config();
  auto info = read_model_info(checkpoint, options, llama_shape_keys());
  auto spec = read_llama_family_spec(cfg, info);
  return make_llama_family(checkpoint, options, std::move(info), std::move(spec));
}

}  // namespace dt::arch
