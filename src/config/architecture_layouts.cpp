// Per-architecture config.json and tensor layouts (HF names and shapes) of synthetic checkpoints.
#include "dt/config/architecture_layouts.h"

#include <algorithm>
#include <tuple>

#include "dt/config/modern_layouts.h"

namespace dt {
namespace {

using nlohmann::json;

// A LayerNorm's weight (~1) and bias (~0), and a linear layer's weight and bias, under `name`.
void add_norm(std::vector<TensorSpec>& t, const std::string& name, std::int64_t d) {
  t.push_back({name + ".weight", {d}, Init::Norm});
  t.push_back({name + ".bias", {d}, Init::Bias});
}

void add_linear(std::vector<TensorSpec>& t, const std::string& name, std::vector<std::int64_t> weight_shape,
                std::int64_t bias) {
  t.push_back({name + ".weight", std::move(weight_shape), Init::Weight});
  t.push_back({name + ".bias", {bias}, Init::Bias});
}

std::int64_t or_default(std::int64_t value, std::int64_t fallback) { return value >= 0 ? value : fallback; }

json common_config(const SyntheticModelSpec& s, const std::string& model_type, const std::string& architecture) {
  return json{{"model_type", model_type}, {"architectures", {architecture}},  {"vocab_size", s.vocab},
              {"torch_dtype", "float32"}, {"transformers_version", "4.31.0"}, {"use_cache", true}};
}

Layout gpt2_layout(const SyntheticModelSpec& s) {
  const auto d = s.hidden, ffn = s.ffn > 0 ? s.ffn : 4 * s.hidden;
  Layout out{common_config(s, "gpt2", "GPT2LMHeadModel"), {}};
  const auto eos = or_default(s.eos_token_id, s.vocab - 1);
  out.config.update({{"n_layer", s.layers},
                     {"n_head", s.heads},
                     {"n_embd", d},
                     {"n_positions", s.positions},
                     {"n_inner", s.ffn > 0 ? json(ffn) : json(nullptr)},
                     {"activation_function", "gelu_new"},
                     {"layer_norm_epsilon", 1e-5},
                     {"bos_token_id", or_default(s.bos_token_id, eos)},
                     {"eos_token_id", eos},
                     {"tie_word_embeddings", true},
                     {"scale_attn_weights", true}});
  if (s.pad_token_id >= 0) out.config["pad_token_id"] = s.pad_token_id;
  auto& t = out.tensors;
  t.push_back({"transformer.wte.weight", {s.vocab, d}, Init::Weight});
  t.push_back({"transformer.wpe.weight", {s.positions, d}, Init::Weight});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "transformer.h." + std::to_string(l) + ".";
    for (const char* ln : {"ln_1", "ln_2"}) {
      add_norm(t, p + ln, d);
    }
    const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> convs = {
        {"attn.c_attn", d, 3 * d}, {"attn.c_proj", d, d}, {"mlp.c_fc", d, ffn}, {"mlp.c_proj", ffn, d}};
    for (const auto& [name, n_in, n_out] : convs) {
      add_linear(t, p + name, {n_in, n_out}, n_out);
    }
  }
  t.push_back({"transformer.ln_f.weight", {d}, Init::Norm});
  t.push_back({"transformer.ln_f.bias", {d}, Init::Bias});
  return out;
}

// "opt": 125m-style (pre-LN, final norm); "opt-350m": post-LN with project_in/out and no final norm.
Layout opt_layout(const SyntheticModelSpec& s, bool post_ln_projected) {
  const auto d = s.hidden, ffn = s.ffn > 0 ? s.ffn : 4 * s.hidden;
  const auto proj = post_ln_projected ? d / 2 : d;
  Layout out{common_config(s, "opt", "OPTForCausalLM"), {}};
  out.config.update({{"num_hidden_layers", s.layers},
                     {"num_attention_heads", s.heads},
                     {"hidden_size", d},
                     {"ffn_dim", ffn},
                     {"max_position_embeddings", s.positions},
                     {"word_embed_proj_dim", proj},
                     {"do_layer_norm_before", !post_ln_projected},
                     {"activation_function", "relu"},
                     {"enable_bias", true},
                     {"layer_norm_elementwise_affine", true},
                     {"pad_token_id", or_default(s.pad_token_id, 1)},
                     {"bos_token_id", or_default(s.bos_token_id, 2)},
                     {"eos_token_id", or_default(s.eos_token_id, 2)},
                     {"tie_word_embeddings", true}});
  auto& t = out.tensors;
  const std::string p0 = "model.decoder.";
  t.push_back({p0 + "embed_tokens.weight", {s.vocab, proj}, Init::Weight});
  t.push_back({p0 + "embed_positions.weight", {s.positions + 2, d}, Init::Weight});
  if (proj != d) {
    t.push_back({p0 + "project_in.weight", {d, proj}, Init::Weight});
    t.push_back({p0 + "project_out.weight", {proj, d}, Init::Weight});
  }
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = p0 + "layers." + std::to_string(l) + ".";
    const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> linears = {{"self_attn.q_proj", d, d},
                                                                                      {"self_attn.k_proj", d, d},
                                                                                      {"self_attn.v_proj", d, d},
                                                                                      {"self_attn.out_proj", d, d},
                                                                                      {"fc1", d, ffn},
                                                                                      {"fc2", ffn, d}};
    for (const auto& [name, n_in, n_out] : linears) {
      add_linear(t, p + name, {n_out, n_in}, n_out);
    }
    for (const char* ln : {"self_attn_layer_norm", "final_layer_norm"}) {
      add_norm(t, p + ln, d);
    }
  }
  if (!post_ln_projected) {
    t.push_back({p0 + "final_layer_norm.weight", {d}, Init::Norm});
    t.push_back({p0 + "final_layer_norm.bias", {d}, Init::Bias});
  }
  return out;
}

Layout llama_layout(const SyntheticModelSpec& s) {
  const auto d = s.hidden, ffn = s.ffn > 0 ? s.ffn : 2 * s.hidden;
  const auto kv_heads = s.kv_heads > 0 ? s.kv_heads : s.heads;
  const auto head_dim = d / s.heads;
  Layout out{common_config(s, "llama", "LlamaForCausalLM"), {}};
  out.config.update({{"num_hidden_layers", s.layers},
                     {"num_attention_heads", s.heads},
                     {"num_key_value_heads", kv_heads},
                     {"hidden_size", d},
                     {"intermediate_size", ffn},
                     {"max_position_embeddings", s.positions},
                     {"rms_norm_eps", 1e-6},
                     {"hidden_act", "silu"},
                     {"rope_theta", 10000.0},
                     {"bos_token_id", or_default(s.bos_token_id, 1)},
                     {"eos_token_id", or_default(s.eos_token_id, 2)},
                     {"pad_token_id", or_default(s.pad_token_id, 0)},
                     {"tie_word_embeddings", false}});
  auto& t = out.tensors;
  t.push_back({"model.embed_tokens.weight", {s.vocab, d}, Init::Weight});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "model.layers." + std::to_string(l) + ".";
    t.push_back({p + "input_layernorm.weight", {d}, Init::Norm});
    t.push_back({p + "post_attention_layernorm.weight", {d}, Init::Norm});
    t.push_back({p + "self_attn.q_proj.weight", {s.heads * head_dim, d}, Init::Weight});
    t.push_back({p + "self_attn.k_proj.weight", {kv_heads * head_dim, d}, Init::Weight});
    t.push_back({p + "self_attn.v_proj.weight", {kv_heads * head_dim, d}, Init::Weight});
    t.push_back({p + "self_attn.o_proj.weight", {d, s.heads * head_dim}, Init::Weight});
    t.push_back({p + "mlp.gate_proj.weight", {ffn, d}, Init::Weight});
    t.push_back({p + "mlp.up_proj.weight", {ffn, d}, Init::Weight});
    t.push_back({p + "mlp.down_proj.weight", {d, ffn}, Init::Weight});
  }
  t.push_back({"model.norm.weight", {d}, Init::Norm});
  t.push_back({"lm_head.weight", {s.vocab, d}, Init::Weight});
  return out;
}

// Layers alternate global / local attention, and the window is shorter than a demonstration plus a query, so the
// local mask matters.
Layout gpt_neo_layout(const SyntheticModelSpec& s) {
  constexpr std::int64_t kWindowSize = 8;
  const auto d = s.hidden, ffn = s.ffn > 0 ? s.ffn : 4 * s.hidden;
  Layout out{common_config(s, "gpt_neo", "GPTNeoForCausalLM"), {}};
  const auto eos = or_default(s.eos_token_id, s.vocab - 1);
  json layers = json::array(), types = json::array();
  for (std::int64_t l = 0; l < s.layers; ++l) layers.push_back(l % 2 == 0 ? "global" : "local");
  if (s.layers >= 2) types.push_back(json::array({json::array({"global", "local"}), s.layers / 2}));
  if (s.layers % 2 == 1) types.push_back(json::array({json::array({"global"}), 1}));
  out.config.update({{"num_layers", s.layers},
                     {"num_heads", s.heads},
                     {"hidden_size", d},
                     {"max_position_embeddings", s.positions},
                     {"intermediate_size", s.ffn > 0 ? json(ffn) : json(nullptr)},
                     {"attention_layers", layers},
                     {"attention_types", types},
                     {"window_size", kWindowSize},
                     {"activation_function", "gelu_new"},
                     {"layer_norm_epsilon", 1e-5},
                     {"bos_token_id", or_default(s.bos_token_id, eos)},
                     {"eos_token_id", eos},
                     {"tie_word_embeddings", true}});
  if (s.pad_token_id >= 0) out.config["pad_token_id"] = s.pad_token_id;
  auto& t = out.tensors;
  t.push_back({"transformer.wte.weight", {s.vocab, d}, Init::Weight});
  t.push_back({"transformer.wpe.weight", {s.positions, d}, Init::Weight});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "transformer.h." + std::to_string(l) + ".";
    for (const char* ln : {"ln_1", "ln_2"}) {
      add_norm(t, p + ln, d);
    }
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
      t.push_back({p + "attn.attention." + proj + ".weight", {d, d}, Init::Weight});
    t.push_back({p + "attn.attention.out_proj.bias", {d}, Init::Bias});
    t.push_back({p + "mlp.c_fc.weight", {ffn, d}, Init::Weight});
    t.push_back({p + "mlp.c_fc.bias", {ffn}, Init::Bias});
    t.push_back({p + "mlp.c_proj.weight", {d, ffn}, Init::Weight});
    t.push_back({p + "mlp.c_proj.bias", {d}, Init::Bias});
  }
  t.push_back({"transformer.ln_f.weight", {d}, Init::Norm});
  t.push_back({"transformer.ln_f.bias", {d}, Init::Bias});
  return out;
}

// Partial rotary: half of each head (rounded down to an even count, at least 2).
Layout gptj_layout(const SyntheticModelSpec& s) {
  const auto d = s.hidden, ffn = s.ffn > 0 ? s.ffn : 4 * s.hidden;
  const auto rotary_dim = std::max<std::int64_t>(2, d / s.heads / 4 * 2);
  Layout out{common_config(s, "gptj", "GPTJForCausalLM"), {}};
  const auto eos = or_default(s.eos_token_id, s.vocab - 1);
  out.config.update({{"n_layer", s.layers},
                     {"n_head", s.heads},
                     {"n_embd", d},
                     {"n_positions", s.positions},
                     {"n_inner", s.ffn > 0 ? json(ffn) : json(nullptr)},
                     {"rotary_dim", rotary_dim},
                     {"activation_function", "gelu_new"},
                     {"layer_norm_epsilon", 1e-5},
                     {"bos_token_id", or_default(s.bos_token_id, eos)},
                     {"eos_token_id", eos},
                     {"tie_word_embeddings", false}});
  if (s.pad_token_id >= 0) out.config["pad_token_id"] = s.pad_token_id;
  auto& t = out.tensors;
  t.push_back({"transformer.wte.weight", {s.vocab, d}, Init::Weight});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "transformer.h." + std::to_string(l) + ".";
    t.push_back({p + "ln_1.weight", {d}, Init::Norm});
    t.push_back({p + "ln_1.bias", {d}, Init::Bias});
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
      t.push_back({p + "attn." + proj + ".weight", {d, d}, Init::Weight});
    t.push_back({p + "mlp.fc_in.weight", {ffn, d}, Init::Weight});
    t.push_back({p + "mlp.fc_in.bias", {ffn}, Init::Bias});
    t.push_back({p + "mlp.fc_out.weight", {d, ffn}, Init::Weight});
    t.push_back({p + "mlp.fc_out.bias", {d}, Init::Bias});
  }
  t.push_back({"transformer.ln_f.weight", {d}, Init::Norm});
  t.push_back({"transformer.ln_f.bias", {d}, Init::Bias});
  t.push_back({"lm_head.weight", {s.vocab, d}, Init::Weight});
  t.push_back({"lm_head.bias", {s.vocab}, Init::Bias});
  return out;
}

// BLOOM's MLP width is fixed at 4 x hidden (no config field), so `ffn` does not apply. A head count that is not a
// power of two (e.g. 6) exercises the extra ALiBi slopes.
Layout bloom_layout(const SyntheticModelSpec& s) {
  const auto d = s.hidden;
  Layout out{common_config(s, "bloom", "BloomForCausalLM"), {}};
  out.config.update({{"n_layer", s.layers},
                     {"n_head", s.heads},
                     {"hidden_size", d},
                     {"layer_norm_epsilon", 1e-5},
                     {"apply_residual_connection_post_layernorm", false},
                     {"pretraining_tp", 1},
                     {"slow_but_exact", false},
                     {"bos_token_id", or_default(s.bos_token_id, 1)},
                     {"eos_token_id", or_default(s.eos_token_id, 2)},
                     {"pad_token_id", or_default(s.pad_token_id, 3)},
                     {"tie_word_embeddings", true}});
  auto& t = out.tensors;
  t.push_back({"transformer.word_embeddings.weight", {s.vocab, d}, Init::Weight});
  t.push_back({"transformer.word_embeddings_layernorm.weight", {d}, Init::Norm});
  t.push_back({"transformer.word_embeddings_layernorm.bias", {d}, Init::Bias});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "transformer.h." + std::to_string(l) + ".";
    for (const char* ln : {"input_layernorm", "post_attention_layernorm"}) {
      add_norm(t, p + ln, d);
    }
    const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> linears = {
        {"self_attention.query_key_value", d, 3 * d},
        {"self_attention.dense", d, d},
        {"mlp.dense_h_to_4h", d, 4 * d},
        {"mlp.dense_4h_to_h", 4 * d, d}};
    for (const auto& [name, n_in, n_out] : linears) {
      add_linear(t, p + name, {n_out, n_in}, n_out);
    }
  }
  t.push_back({"transformer.ln_f.weight", {d}, Init::Norm});
  t.push_back({"transformer.ln_f.bias", {d}, Init::Bias});
  return out;
}

// Partial rotary: Pythia's rotary_pct = 0.25 where a quarter of the head is an even number of dims, else the whole
// head. The persistent `rotary_emb.inv_freq` buffers are not written (the loader recomputes them).
Layout gpt_neox_layout(const SyntheticModelSpec& s) {
  const auto d = s.hidden, ffn = s.ffn > 0 ? s.ffn : 4 * s.hidden;
  const auto quarter = d / s.heads / 4;
  Layout out{common_config(s, "gpt_neox", "GPTNeoXForCausalLM"), {}};
  out.config.update({{"num_hidden_layers", s.layers},
                     {"num_attention_heads", s.heads},
                     {"hidden_size", d},
                     {"intermediate_size", ffn},
                     {"max_position_embeddings", s.positions},
                     {"rotary_pct", quarter > 0 && quarter % 2 == 0 ? 0.25 : 1.0},
                     {"rotary_emb_base", 10000},
                     {"hidden_act", "gelu"},
                     {"layer_norm_eps", 1e-5},
                     {"use_parallel_residual", true},
                     {"bos_token_id", or_default(s.bos_token_id, 0)},
                     {"eos_token_id", or_default(s.eos_token_id, 0)},
                     {"tie_word_embeddings", false}});
  if (s.pad_token_id >= 0) out.config["pad_token_id"] = s.pad_token_id;
  auto& t = out.tensors;
  t.push_back({"gpt_neox.embed_in.weight", {s.vocab, d}, Init::Weight});
  for (std::int64_t l = 0; l < s.layers; ++l) {
    const auto p = "gpt_neox.layers." + std::to_string(l) + ".";
    for (const char* ln : {"input_layernorm", "post_attention_layernorm"}) {
      add_norm(t, p + ln, d);
    }
    const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> linears = {
        {"attention.query_key_value", d, 3 * d},
        {"attention.dense", d, d},
        {"mlp.dense_h_to_4h", d, ffn},
        {"mlp.dense_4h_to_h", ffn, d}};
    for (const auto& [name, n_in, n_out] : linears) {
      add_linear(t, p + name, {n_out, n_in}, n_out);
    }
  }
  t.push_back({"gpt_neox.final_layer_norm.weight", {d}, Init::Norm});
  t.push_back({"gpt_neox.final_layer_norm.bias", {d}, Init::Bias});
  t.push_back({"embed_out.weight", {s.vocab, d}, Init::Weight});
  return out;
}

}  // namespace

const std::map<std::string, LayoutFunction>& architecture_layouts() {
  static const std::map<std::string, LayoutFunction> table = [] {
    std::map<std::string, LayoutFunction> all = {
        {"gpt2", gpt2_layout},
        {"opt", [](const SyntheticModelSpec& s) { return opt_layout(s, false); }},
        {"opt-350m", [](const SyntheticModelSpec& s) { return opt_layout(s, true); }},
        {"llama", llama_layout},
        {"gpt_neo", gpt_neo_layout},
        {"gptj", gptj_layout},
        {"bloom", bloom_layout},
        {"gpt_neox", gpt_neox_layout},
    };
    all.insert(modern_layouts().begin(), modern_layouts().end());
    return all;
  }();
  return table;
}

}  // namespace dt
