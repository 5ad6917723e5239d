// Layouts of the post-2023 families: see modern_layouts.h. Sliding windows are shorter than a demonstration plus a
// query, so that the masks matter in the smoke sweeps.
#include "dt/config/modern_layouts.h"

#include <nlohmann/json.hpp>

namespace dt {
namespace {

using nlohmann::json;

constexpr std::int64_t kSlidingWindow = 16;

std::int64_t or_default(std::int64_t value, std::int64_t fallback) { return value >= 0 ? value : fallback; }

struct Shape {
  std::int64_t d, ffn, kv_heads, head_dim;
};

Shape shape_of(const SyntheticModelSpec& s) {
  return {s.hidden, s.ffn > 0 ? s.ffn : 2 * s.hidden, s.kv_heads > 0 ? s.kv_heads : s.heads,
          s.head_dim > 0 ? s.head_dim : s.hidden / s.heads};
}

// The keys every grouped-query family shares.
Layout base_layout(const SyntheticModelSpec& s, const std::string& model_type, const std::string& architecture,
                   bool tied) {
  const auto sh = shape_of(s);
  Layout out{json{{"model_type", model_type},
                  {"architectures", {architecture}},
                  {"vocab_size", s.vocab},
                  {"torch_dtype", "float32"},
                  {"transformers_version", "4.56.0"},
                  {"use_cache", true},
                  {"num_hidden_layers", s.layers},
                  {"num_attention_heads", s.heads},
                  {"num_key_value_heads", sh.kv_heads},
                  {"head_dim", sh.head_dim},
                  {"hidden_size", sh.d},
                  {"intermediate_size", sh.ffn},
                  {"max_position_embeddings", s.positions},
                  {"rms_norm_eps", 1e-6},
                  {"hidden_act", "silu"},
                  {"rope_theta", 1000000.0},
                  {"bos_token_id", or_default(s.bos_token_id, 1)},
                  {"eos_token_id", or_default(s.eos_token_id, 2)},
                  {"tie_word_embeddings", tied}},
             {}};
  if (s.pad_token_id >= 0) out.config["pad_token_id"] = s.pad_token_id;
  out.tensors.push_back({"model.embed_tokens.weight", {s.vocab, sh.d}, Init::Weight});
  return out;
}

void add_attention(Layout& out, const SyntheticModelSpec& s, const std::string& p, bool qkv_bias) {
  const auto sh = shape_of(s);
  auto& t = out.tensors;
  const auto q_dim = s.heads * sh.head_dim, kv_dim = sh.kv_heads * sh.head_dim;
  for (const auto& [name, rows] :
       {std::pair{"q_proj", q_dim}, std::pair{"k_proj", kv_dim}, std::pair{"v_proj", kv_dim}}) {
    t.push_back({p + "self_attn." + name + ".weight", {rows, sh.d}, Init::Weight});
    if (qkv_bias) t.push_back({p + "self_attn." + name + ".bias", {rows}, Init::Bias});
  }
  t.push_back({p + "self_attn.o_proj.weight", {sh.d, q_dim}, Init::Weight});
}

void add_mlp(Layout& out, const SyntheticModelSpec& s, const std::string& p) {
  const auto sh = shape_of(s);
  out.tensors.push_back({p + "mlp.gate_proj.weight", {sh.ffn, sh.d}, Init::Weight});
  out.tensors.push_back({p + "mlp.up_proj.weight", {sh.ffn, sh.d}, Init::Weight});
  out.tensors.push_back({p + "mlp.down_proj.weight", {sh.d, sh.ffn}, Init::Weight});
}

// LLaMA-like families: two RMSNorms (~1) per layer, a final one, lm_head unless tied.
Layout llama_like(const SyntheticModelSpec& s, const std::string& model_type, const std::string& architecture,
                  bool tied, bool qkv_bias, bool qk_norm) {
  auto out = base_layout(s, model_type, architecture, tied);
  const auto sh = shape_of(s);
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "model.layers." + std::to_string(l) + ".";
    out.tensors.push_back({p + "input_layernorm.weight", {sh.d}, Init::Norm});
    out.tensors.push_back({p + "post_attention_layernorm.weight", {sh.d}, Init::Norm});
    add_attention(out, s, p, qkv_bias);
    if (qk_norm) {
      out.tensors.push_back({p + "self_attn.q_norm.weight", {sh.head_dim}, Init::Norm});
      out.tensors.push_back({p + "self_attn.k_norm.weight", {sh.head_dim}, Init::Norm});
    }
    add_mlp(out, s, p);
  }
  out.tensors.push_back({"model.norm.weight", {sh.d}, Init::Norm});
  if (!tied) out.tensors.push_back({"lm_head.weight", {s.vocab, sh.d}, Init::Weight});
  return out;
}

Layout mistral_layout(const SyntheticModelSpec& s) {
  auto out = llama_like(s, "mistral", "MistralForCausalLM", false, false, false);
  out.config["sliding_window"] = kSlidingWindow;
  return out;
}

// Qwen2.5-0.5B's shape of config: tied, q/k/v biases, sliding window off.
Layout qwen2_layout(const SyntheticModelSpec& s) {
  auto out = llama_like(s, "qwen2", "Qwen2ForCausalLM", true, true, false);
  out.config.update({{"use_sliding_window", false}, {"sliding_window", 32768}, {"max_window_layers", s.layers}});
  return out;
}

Layout qwen3_layout(const SyntheticModelSpec& s) {
  auto out = llama_like(s, "qwen3", "Qwen3ForCausalLM", false, false, true);
  out.config.update({{"attention_bias", false},
                     {"use_sliding_window", false},
                     {"sliding_window", nullptr},
                     {"max_window_layers", s.layers}});
  return out;
}

// Phi-3-mini's: fused qkv_proj and gate_up_proj, a sliding window on every layer.
Layout phi3_layout(const SyntheticModelSpec& s) {
  auto out = base_layout(s, "phi3", "Phi3ForCausalLM", false);
  const auto sh = shape_of(s);
  out.config.update({{"sliding_window", kSlidingWindow},
                     {"original_max_position_embeddings", s.positions},
                     {"partial_rotary_factor", 1.0},
                     {"rope_scaling", nullptr},
                     {"rope_theta", 10000.0},
                     {"rms_norm_eps", 1e-5}});
  if (s.head_dim == 0) out.config.erase("head_dim");
  auto& t = out.tensors;
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "model.layers." + std::to_string(l) + ".";
    t.push_back({p + "input_layernorm.weight", {sh.d}, Init::Norm});
    t.push_back({p + "post_attention_layernorm.weight", {sh.d}, Init::Norm});
    t.push_back({p + "self_attn.qkv_proj.weight", {(s.heads + 2 * sh.kv_heads) * sh.head_dim, sh.d}, Init::Weight});
    t.push_back({p + "self_attn.o_proj.weight", {sh.d, s.heads * sh.head_dim}, Init::Weight});
    t.push_back({p + "mlp.gate_up_proj.weight", {2 * sh.ffn, sh.d}, Init::Weight});
    t.push_back({p + "mlp.down_proj.weight", {sh.d, sh.ffn}, Init::Weight});
  }
  t.push_back({"model.norm.weight", {sh.d}, Init::Norm});
  t.push_back({"lm_head.weight", {s.vocab, sh.d}, Init::Weight});
  return out;
}

// Gemma's norms store the offset from 1, so they start near 0 (Init::Bias). Layers alternate sliding and global.
Layout gemma_like(const SyntheticModelSpec& s, const std::string& model_type, const std::string& architecture,
                  bool qk_norm) {
  auto out = base_layout(s, model_type, architecture, true);
  const auto sh = shape_of(s);
  json layer_types = json::array();
  for (std::int64_t l = 0; l < s.layers; ++l)
    layer_types.push_back(l % 2 == 0 ? "sliding_attention" : "full_attention");
  out.config.erase("hidden_act");
  out.config.update({{"hidden_activation", "gelu_pytorch_tanh"},
                     {"query_pre_attn_scalar", sh.head_dim},
                     {"sliding_window", kSlidingWindow},
                     {"layer_types", layer_types},
                     {"attention_bias", false},
                     {"bos_token_id", or_default(s.bos_token_id, 2)},
                     {"eos_token_id", or_default(s.eos_token_id, 1)},
                     {"pad_token_id", or_default(s.pad_token_id, 0)}});
  auto& t = out.tensors;
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "model.layers." + std::to_string(l) + ".";
    for (const char* norm :
         {"input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm"})
      t.push_back({p + norm + ".weight", {sh.d}, Init::Bias});
    add_attention(out, s, p, false);
    if (qk_norm) {
      t.push_back({p + "self_attn.q_norm.weight", {sh.head_dim}, Init::Bias});
      t.push_back({p + "self_attn.k_norm.weight", {sh.head_dim}, Init::Bias});
    }
    add_mlp(out, s, p);
  }
  t.push_back({"model.norm.weight", {sh.d}, Init::Bias});
  return out;
}

Layout gemma2_layout(const SyntheticModelSpec& s) {
  auto out = gemma_like(s, "gemma2", "Gemma2ForCausalLM", false);
  out.config.update({{"attn_logit_softcapping", 50.0}, {"final_logit_softcapping", 30.0}, {"rope_theta", 10000.0}});
  return out;
}

Layout gemma3_text_layout(const SyntheticModelSpec& s) {
  auto out = gemma_like(s, "gemma3_text", "Gemma3ForCausalLM", true);
  out.config.update({{"attn_logit_softcapping", nullptr},
                     {"final_logit_softcapping", nullptr},
                     {"rope_local_base_freq", 10000.0},
                     {"rope_scaling", {{"rope_type", "linear"}, {"factor", 8.0}}},
                     {"sliding_window_pattern", 2}});
  return out;
}

}  // namespace

const std::map<std::string, LayoutFunction>& modern_layouts() {
  static const std::map<std::string, LayoutFunction> table = {
      {"mistral", mistral_layout}, {"qwen2", qwen2_layout},   {"qwen3", qwen3_layout},
      {"phi3", phi3_layout},       {"gemma2", gemma2_layout}, {"gemma3_text", gemma3_text_layout},
  };
  return table;
}

}  // namespace dt
