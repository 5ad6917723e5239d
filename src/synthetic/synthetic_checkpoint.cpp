// Synthetic checkpoints: per-architecture config and tensor layouts (HF names and shapes), random weights,
// single-file or sharded safetensors, written into a temporary directory and renamed into place.
#include "dt/synthetic/synthetic_checkpoint.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "dt/io/safetensors.h"
#include "dt/task/jsonl.h"
#include "dt/text/bpe_trainer.h"
#include "dt/text/sentencepiece_tokenizer.h"
#include "dt/text/tokenizer.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using nlohmann::json;

enum class Init { Weight, Bias, Norm };

struct TensorSpec {
  std::string name;
  std::vector<std::int64_t> shape;
  Init init;
};

struct Layout {
  json config;
  std::vector<TensorSpec> tensors;
};

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

const std::map<std::string, std::function<Layout(const SyntheticModelSpec&)>>& layouts() {
  static const std::map<std::string, std::function<Layout(const SyntheticModelSpec&)>> table = {
      {"gpt2", gpt2_layout},
      {"opt", [](const SyntheticModelSpec& s) { return opt_layout(s, false); }},
      {"opt-350m", [](const SyntheticModelSpec& s) { return opt_layout(s, true); }},
      {"llama", llama_layout},
      {"gpt_neo", gpt_neo_layout},
      {"gptj", gptj_layout},
      {"bloom", bloom_layout},
      {"gpt_neox", gpt_neox_layout},
  };
  return table;
}

StTensorToWrite make_tensor(const TensorSpec& spec, const SyntheticModelSpec& s, at::Generator& gen, StDType dtype,
                            at::ScalarType scalar) {
  auto values = at::randn(spec.shape, gen, at::TensorOptions().dtype(at::kFloat));
  switch (spec.init) {
    case Init::Weight: values.mul_(s.std); break;
    case Init::Bias: values.mul_(0.05); break;
    case Init::Norm: values.mul_(0.1).add_(1.0); break;
  }
  const auto stored = values.to(scalar).contiguous();
  StTensorToWrite out{spec.name, dtype, spec.shape, std::vector<std::byte>(static_cast<std::size_t>(stored.nbytes()))};
  std::memcpy(out.bytes.data(), stored.data_ptr(), out.bytes.size());
  return out;
}

std::string shard_name(int k, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "model-%05d-of-%05d.safetensors", k, n);
  return buf;
}

void collect_strings(const json& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_structured()) {
    for (const auto& item : value) collect_strings(item, out);
  }
}

}  // namespace

std::vector<std::string> corpus_from_jsonl(const std::vector<std::filesystem::path>& files) {
  std::vector<std::string> texts;
  for (const auto& file : files)
    for (const auto& row : read_jsonl(file).rows) collect_strings(row, texts);
  return texts;
}

std::vector<std::string> synthetic_architectures() {
  std::vector<std::string> names;
  for (const auto& [name, f] : layouts()) names.push_back(name);
  return names;
}

void write_synthetic_checkpoint(const SyntheticModelSpec& spec, const std::filesystem::path& out) {
  const std::string where = out.string();
  auto it = layouts().find(spec.arch);
  if (it == layouts().end()) fail(where, "unknown synthetic architecture '" + spec.arch + "'");
  if (spec.layers <= 0 || spec.hidden <= 0 || spec.heads <= 0 || spec.hidden % spec.heads != 0)
    fail(where, "layers, hidden and heads must be positive and heads must divide hidden");
  if (spec.kv_heads > 0 && spec.heads % spec.kv_heads != 0) fail(where, "kv_heads must divide heads");
  if (spec.vocab < 4 || spec.positions < 2 || spec.shards < 1) fail(where, "vocab >= 4, positions >= 2, shards >= 1");
  StDType dtype;
  if (!parse_dtype(spec.disk_dtype, dtype) ||
      (dtype != StDType::F32 && dtype != StDType::F16 && dtype != StDType::BF16))
    fail(where, "disk dtype must be F32, F16 or BF16");
  const auto scalar = dtype == StDType::F32 ? at::kFloat : dtype == StDType::F16 ? at::kHalf : at::kBFloat16;
  if (std::filesystem::exists(out)) fail(where, "already exists; refusing to overwrite a checkpoint");

  auto temp = out;
  temp += ".tmp." + std::to_string(::getpid());
  std::filesystem::remove_all(temp);
  std::filesystem::create_directories(temp);
  try {
    auto resolved = spec;
    if (!spec.tokenizer_texts.empty()) {
      if (spec.tokenizer_kind == "sentencepiece")
        train_sentencepiece(spec.tokenizer_texts, spec.vocab, temp);
      else if (spec.tokenizer_kind == "bpe")
        train_byte_level_bpe(spec.tokenizer_texts, spec.vocab, temp,
                             spec.arch.starts_with("opt") ? BpeConvention::Opt : BpeConvention::Gpt2);
      else
        fail(where, "unknown tokenizer kind '" + spec.tokenizer_kind + "' (bpe, sentencepiece)");
      const auto tokenizer = load_tokenizer(temp);
      if (!tokenizer->eos_id()) fail(where, "the trained tokenizer has no end-of-text token");
      resolved.eos_token_id = *tokenizer->eos_id();
      resolved.bos_token_id = tokenizer->bos_id().value_or(*tokenizer->eos_id());
    }
    const Layout layout = it->second(resolved);
    auto gen = at::detail::createCPUGenerator(spec.seed);
    std::vector<StTensorToWrite> tensors;
    for (const auto& t : layout.tensors) tensors.push_back(make_tensor(t, spec, gen, dtype, scalar));
    write_file_atomically(temp / "config.json", layout.config.dump(2) + "\n");
    if (spec.shards == 1) {
      write_safetensors(temp / "model.safetensors", std::move(tensors));
    } else {
      json index{{"metadata", {{"total_size", 0}}}, {"weight_map", json::object()}};
      std::uint64_t total = 0;
      std::vector<std::vector<StTensorToWrite>> shards(static_cast<std::size_t>(spec.shards));
      for (std::size_t i = 0; i < tensors.size(); ++i) {
        const auto k = i * static_cast<std::size_t>(spec.shards) / tensors.size();
        index["weight_map"][tensors[i].name] = shard_name(static_cast<int>(k) + 1, spec.shards);
        total += tensors[i].bytes.size();
        shards[k].push_back(std::move(tensors[i]));
      }
      index["metadata"]["total_size"] = total;
      for (int k = 0; k < spec.shards; ++k)
        write_safetensors(temp / shard_name(k + 1, spec.shards), std::move(shards[static_cast<std::size_t>(k)]));
      write_file_atomically(temp / "model.safetensors.index.json", index.dump(2) + "\n");
    }
    std::filesystem::rename(temp, out);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temp, ignored);
    throw;
  }
}

}  // namespace dt
