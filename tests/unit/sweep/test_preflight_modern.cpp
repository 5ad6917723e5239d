// configs/modern.toml --check on an HF cache that holds what the preflight reads of the 11 real models: their
// config.json (the released values), a tokenizer.json of the family's kind (tests/data/tokenizers; the real ones are
// not to be had here), and model.safetensors with the real tensor names and shapes: the header written, the data a
// sparse hole of the right size. Every model resolves, no problem is listed, and each gets its FLOPs.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "dt/config/architecture_layouts.h"
#include "preflight_support.h"

namespace dt {
namespace {

using namespace preflight_test;
using nlohmann::json;

struct RealModel {
  std::string name, repo, arch;
  json config;
};

// The released config.json values that shape the model (from each snapshot; keys dt does not read left out).
std::vector<RealModel> modern_models() {
  const json llama3_rope = {{"factor", 8.0},
                            {"low_freq_factor", 1.0},
                            {"high_freq_factor", 4.0},
                            {"original_max_position_embeddings", 8192},
                            {"rope_type", "llama3"}};
  auto llama32_rope = llama3_rope;
  llama32_rope["factor"] = 32.0;
  const json llama = {{"model_type", "llama"},  {"hidden_act", "silu"},    {"max_position_embeddings", 131072},
                      {"rms_norm_eps", 1e-5},   {"rope_theta", 500000.0},  {"vocab_size", 128256},
                      {"bos_token_id", 128000}, {"eos_token_id", 128001},  {"attention_bias", false},
                      {"mlp_bias", false},      {"num_key_value_heads", 8}};
  const json qwen2 = {{"model_type", "qwen2"},   {"hidden_act", "silu"},        {"rms_norm_eps", 1e-6},
                      {"rope_theta", 1000000.0}, {"use_sliding_window", false}, {"bos_token_id", 151643},
                      {"eos_token_id", 151643}};
  const json gemma2 = {{"model_type", "gemma2"},
                       {"hidden_activation", "gelu_pytorch_tanh"},
                       {"head_dim", 256},
                       {"max_position_embeddings", 8192},
                       {"query_pre_attn_scalar", 256},
                       {"attn_logit_softcapping", 50.0},
                       {"final_logit_softcapping", 30.0},
                       {"sliding_window", 4096},
                       {"rms_norm_eps", 1e-6},
                       {"rope_theta", 10000.0},
                       {"vocab_size", 256000},
                       {"bos_token_id", 2},
                       {"eos_token_id", 1},
                       {"pad_token_id", 0},
                       {"attention_bias", false},
                       {"tie_word_embeddings", true}};
  auto with = [](json base, const json& extra) {
    base.update(extra);
    return base;
  };
  return {
      {"llama-3.1-8b", "meta-llama/Llama-3.1-8B", "llama",
       with(llama, {{"hidden_size", 4096},
                    {"intermediate_size", 14336},
                    {"num_hidden_layers", 32},
                    {"num_attention_heads", 32},
                    {"rope_scaling", llama3_rope},
                    {"tie_word_embeddings", false}})},
      {"llama-3.2-1b", "meta-llama/Llama-3.2-1B", "llama",
       with(llama, {{"hidden_size", 2048},
                    {"intermediate_size", 8192},
                    {"num_hidden_layers", 16},
                    {"num_attention_heads", 32},
                    {"head_dim", 64},
                    {"rope_scaling", llama32_rope},
                    {"tie_word_embeddings", true}})},
      {"llama-3.2-3b", "meta-llama/Llama-3.2-3B", "llama",
       with(llama, {{"hidden_size", 3072},
                    {"intermediate_size", 8192},
                    {"num_hidden_layers", 28},
                    {"num_attention_heads", 24},
                    {"head_dim", 128},
                    {"rope_scaling", llama32_rope},
                    {"tie_word_embeddings", true}})},
      {"qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B", "qwen2",
       with(qwen2, {{"hidden_size", 896},
                    {"intermediate_size", 4864},
                    {"num_hidden_layers", 24},
                    {"num_attention_heads", 14},
                    {"num_key_value_heads", 2},
                    {"max_position_embeddings", 32768},
                    {"sliding_window", 32768},
                    {"max_window_layers", 24},
                    {"vocab_size", 151936},
                    {"tie_word_embeddings", true}})},
      {"qwen2.5-1.5b", "Qwen/Qwen2.5-1.5B", "qwen2",
       with(qwen2, {{"hidden_size", 1536},
                    {"intermediate_size", 8960},
                    {"num_hidden_layers", 28},
                    {"num_attention_heads", 12},
                    {"num_key_value_heads", 2},
                    {"max_position_embeddings", 131072},
                    {"sliding_window", 131072},
                    {"max_window_layers", 28},
                    {"vocab_size", 151936},
                    {"tie_word_embeddings", true}})},
      {"qwen2.5-7b", "Qwen/Qwen2.5-7B", "qwen2",
       with(qwen2, {{"hidden_size", 3584},
                    {"intermediate_size", 18944},
                    {"num_hidden_layers", 28},
                    {"num_attention_heads", 28},
                    {"num_key_value_heads", 4},
                    {"max_position_embeddings", 131072},
                    {"sliding_window", 131072},
                    {"max_window_layers", 28},
                    {"vocab_size", 152064},
                    {"tie_word_embeddings", false}})},
      {"qwen3-8b",
       "Qwen/Qwen3-8B",
       "qwen3",
       {{"model_type", "qwen3"},
        {"hidden_act", "silu"},
        {"hidden_size", 4096},
        {"intermediate_size", 12288},
        {"num_hidden_layers", 36},
        {"num_attention_heads", 32},
        {"num_key_value_heads", 8},
        {"head_dim", 128},
        {"max_position_embeddings", 40960},
        {"rms_norm_eps", 1e-6},
        {"rope_theta", 1000000.0},
        {"rope_scaling", nullptr},
        {"attention_bias", false},
        {"use_sliding_window", false},
        {"sliding_window", nullptr},
        {"max_window_layers", 36},
        {"vocab_size", 151936},
        {"bos_token_id", 151643},
        {"eos_token_id", 151645},
        {"tie_word_embeddings", false}}},
      {"mistral-7b-v0.3",
       "mistralai/Mistral-7B-v0.3",
       "mistral",
       {{"model_type", "mistral"},
        {"hidden_act", "silu"},
        {"hidden_size", 4096},
        {"intermediate_size", 14336},
        {"num_hidden_layers", 32},
        {"num_attention_heads", 32},
        {"num_key_value_heads", 8},
        {"max_position_embeddings", 32768},
        {"rms_norm_eps", 1e-5},
        {"rope_theta", 1000000.0},
        {"sliding_window", nullptr},
        {"vocab_size", 32768},
        {"bos_token_id", 1},
        {"eos_token_id", 2},
        {"tie_word_embeddings", false}}},
      {"gemma-2-2b", "google/gemma-2-2b", "gemma2",
       with(gemma2, {{"hidden_size", 2304},
                     {"intermediate_size", 9216},
                     {"num_hidden_layers", 26},
                     {"num_attention_heads", 8},
                     {"num_key_value_heads", 4}})},
      {"gemma-2-9b", "google/gemma-2-9b", "gemma2",
       with(gemma2, {{"hidden_size", 3584},
                     {"intermediate_size", 14336},
                     {"num_hidden_layers", 42},
                     {"num_attention_heads", 16},
                     {"num_key_value_heads", 8}})},
      {"phi-3-mini-4k",
       "microsoft/Phi-3-mini-4k-instruct",
       "phi3",
       {{"model_type", "phi3"},
        {"hidden_act", "silu"},
        {"hidden_size", 3072},
        {"intermediate_size", 8192},
        {"num_hidden_layers", 32},
        {"num_attention_heads", 32},
        {"num_key_value_heads", 32},
        {"max_position_embeddings", 4096},
        {"original_max_position_embeddings", 4096},
        {"rms_norm_eps", 1e-5},
        {"rope_theta", 10000.0},
        {"rope_scaling", nullptr},
        {"sliding_window", 2047},
        {"vocab_size", 32064},
        {"bos_token_id", 1},
        {"eos_token_id", 32000},
        {"pad_token_id", 32000},
        {"tie_word_embeddings", false}}},
  };
}

// model.safetensors with the layout's names and shapes for `config`, in BF16: the header, then a hole as long as the
// data (the file is sparse, so an 8B model costs a few kilobytes of disk).
void write_header_only_weights(const json& config, const std::string& arch, const std::filesystem::path& path) {
  SyntheticModelSpec spec;
  spec.arch = arch;
  spec.layers = config["num_hidden_layers"];
  spec.hidden = config["hidden_size"];
  spec.heads = config["num_attention_heads"];
  spec.kv_heads = config.value("num_key_value_heads", spec.heads);
  spec.ffn = config["intermediate_size"];
  spec.vocab = config["vocab_size"];
  if (arch != "llama" && config.contains("head_dim")) spec.head_dim = config["head_dim"];
  auto tensors = architecture_layouts().at(arch)(spec).tensors;
  // The layouts' own choice of tying is a synthetic default; the real snapshot's decides.
  std::erase_if(tensors, [](const TensorSpec& t) { return t.name == "lm_head.weight"; });
  if (!config.value("tie_word_embeddings", false)) tensors.push_back({"lm_head.weight", {spec.vocab, spec.hidden}, {}});
  json header = {{"__metadata__", {{"format", "pt"}}}};
  std::uint64_t offset = 0;
  for (const auto& t : tensors) {
    std::uint64_t bytes = 2;
    for (auto d : t.shape) bytes *= static_cast<std::uint64_t>(d);
    header[t.name] = {{"dtype", "BF16"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  auto text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  {
    std::ofstream out(path, std::ios::binary);
    const auto size = static_cast<std::uint64_t>(text.size());
    for (int i = 0; i < 8; ++i) out.put(static_cast<char>((size >> (8 * i)) & 0xff));
    out << text;
  }
  std::filesystem::resize_file(path, 8 + text.size() + offset);
}

TEST(PreflightModern, ModernGridResolvesEveryModelOfItsHfCacheAndEstimatesEach) {
  test::TempDir dir;
  // A tokenizer.json of each family's kind (tests/data/tokenizers, small vocabularies trained by HF's tokenizers
  // with the families' normalizers, pre-tokenizers and post-processors): the real ones are not to be had here.
  const auto tokenizers = kSource / "tests/data/tokenizers";
  const std::map<std::string, std::filesystem::path> tokenizer_of = {
      {"llama", tokenizers / "llama3"},       {"qwen2", tokenizers / "qwen2"},     {"qwen3", tokenizers / "qwen2"},
      {"mistral", tokenizers / "llama2_bpe"}, {"phi3", tokenizers / "llama2_bpe"}, {"gemma2", tokenizers / "gemma"}};
  const auto cache = dir / "hub";
  const auto models = modern_models();
  for (const auto& m : models) {
    const auto snapshot = cache / ("models--" + std::regex_replace(m.repo, std::regex("/"), "--")) / "snapshots/rev1";
    std::filesystem::create_directories(snapshot);
    test::write_file(snapshot.parent_path().parent_path() / "refs" / "main", "rev1");
    test::write_file(snapshot / "config.json", m.config.dump(2));
    for (const char* file : {"tokenizer.json", "tokenizer_config.json"})
      std::filesystem::copy_file(tokenizer_of.at(m.arch) / file, snapshot / file);
    write_header_only_weights(m.config, m.arch, snapshot / "model.safetensors");
  }
  test::write_file(dir / "modern.toml", paper_config("[\"sst2\", \"copa\"]", dir / "out", "modern.toml"));

  const auto r = run(dt_sweep() + " " + (dir / "modern.toml").string() + " --check --checkpoints-root " +
                     cache.string() + " --data-root " + (kSource / "data/sample").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(lines_starting(r.output, "problem: ").empty()) << r.output;
  // 11 models x 2 tasks x 1 seed x 2 shot counts.
  EXPECT_NE(line_starting(r.output, "  trajectories  ").find(" 44 "), std::string::npos) << r.output;
  for (const auto& m : models) {
    const auto line = line_starting(r.output, "  " + m.name + " ");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(line, match, std::regex(R"(^  \S+ +(\S+) FLOPs \()"))) << line;
    EXPECT_GT(std::stod(match[1]), 0.0) << line;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "a preflight must not create the output directory";
}

}  // namespace
}  // namespace dt
