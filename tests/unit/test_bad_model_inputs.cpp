// Bad model inputs are one-line errors naming the file and the problem: weights stored in a dtype that is not a
// float format or holding NaN / infinite values (at load, naming the tensor), config.json numbers outside their
// domain (naming the key), configs whose sizes would allocate far more than the checkpoint stores, activations or
// scores that stop being finite (naming the step), and the positions check that asks for 2L only when a second
// step runs.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "dt/cell/cell_runner.h"
#include "dt/io/safetensors.h"
#include "dt/model/registry.h"
#include "dt/score/choice_scorer.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/think/thinker.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

SyntheticModelSpec small(const std::string& arch) {
  SyntheticModelSpec spec;
  spec.arch = arch;
  spec.layers = 2;
  spec.hidden = 32;
  spec.heads = 4;
  spec.vocab = 97;
  spec.positions = 64;
  spec.seed = 5;
  return spec;
}

std::vector<std::int64_t> demo_ids() { return {5, 17, 3, 44, 9, 60, 2, 31, 8, 12}; }

std::vector<QueryChoices> queries() { return {QueryChoices{{{{7, 8, 9, 10}, 3, 4}, {{7, 8, 9, 11, 12}, 3, 5}}}}; }

// The message of the dt::Error `f` throws; fails the test when it throws nothing.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a dt::Error";
  return "";
}

void expect_one_line(const std::string& message, std::initializer_list<std::string> needles) {
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  for (const auto& n : needles)
    EXPECT_NE(message.find(n), std::string::npos) << "missing '" << n << "' in: " << message;
}

// Rewrites dir/model.safetensors with `edit` applied to every tensor to write (it may change dtype and bytes, or
// append tensors).
template <typename Edit>
void rewrite_weights(const std::filesystem::path& dir, Edit edit) {
  std::vector<StTensorToWrite> out;
  {
    SafetensorsFile file(dir / "model.safetensors");
    for (const auto& t : file.tensors())
      out.push_back({t.name, t.dtype, t.shape, std::vector<std::byte>(t.bytes.begin(), t.bytes.end())});
  }
  edit(out);
  write_safetensors(dir / "model.safetensors", std::move(out));
}

StTensorToWrite& tensor(std::vector<StTensorToWrite>& tensors, const std::string& name) {
  for (auto& t : tensors)
    if (t.name == name) return t;
  throw std::runtime_error("no tensor " + name);
}

void set_float(StTensorToWrite& t, std::size_t index, float value) {
  std::memcpy(t.bytes.data() + index * sizeof(float), &value, sizeof(float));
}

void edit_config(const std::filesystem::path& dir, const std::function<void(nlohmann::json&)>& edit) {
  auto config = nlohmann::json::parse(test::read_file(dir / "config.json"));
  edit(config);
  test::write_file(dir / "config.json", config.dump());
}

TEST(BadWeights, IntegerParameterIsRefusedAtLoadNamingFileAndTensor) {
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  rewrite_weights(dir / "m", [](auto& tensors) {
    auto& t = tensor(tensors, "transformer.h.0.ln_1.bias");
    t.dtype = StDType::I32;  // same byte size as F32
  });
  expect_one_line(error_of([&] { load_model(dir / "m", {}); }),
                  {(dir / "m" / "model.safetensors").string(), "tensor 'transformer.h.0.ln_1.bias'", "stored as I32",
                   "F32, F16 or BF16"});
}

TEST(BadWeights, EveryNonFloatDtypeIsRefused) {
  for (const auto dtype : {StDType::F64, StDType::I64, StDType::I16, StDType::I8, StDType::U8, StDType::BOOL}) {
    test::TempDir dir;
    write_synthetic_checkpoint(small("llama"), dir / "m");
    rewrite_weights(dir / "m", [&](auto& tensors) {
      auto& t = tensor(tensors, "model.norm.weight");
      t.dtype = dtype;
      t.bytes.assign(32 * element_size(dtype), std::byte{0});
    });
    expect_one_line(error_of([&] { load_model(dir / "m", {}); }),
                    {"tensor 'model.norm.weight'", "stored as " + std::string(dtype_name(dtype))});
  }
}

TEST(BadWeights, IntegerBuffersThatAreNotParametersStillLoad) {
  // GPT-2 checkpoints carry bool / uint8 causal masks (attn.bias, attn.masked_bias) and LLaMA ones int or float
  // rotary inv_freq buffers; dt never reads them, so they must not stop a load.
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  rewrite_weights(dir / "m", [](auto& tensors) {
    tensors.push_back({"transformer.h.0.attn.bias", StDType::BOOL, {1, 1, 4, 4}, std::vector<std::byte>(16)});
    tensors.push_back({"transformer.h.0.attn.masked_bias", StDType::I64, {}, std::vector<std::byte>(8)});
  });
  EXPECT_NO_THROW(load_model(dir / "m", {}));
}

TEST(BadWeights, NaNAndInfiniteValuesAreRefusedAtLoad) {
  for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    test::TempDir dir;
    write_synthetic_checkpoint(small("gpt2"), dir / "m");
    rewrite_weights(dir / "m",
                    [&](auto& tensors) { set_float(tensor(tensors, "transformer.h.1.mlp.c_fc.weight"), 7, bad); });
    expect_one_line(error_of([&] { load_model(dir / "m", {}); }),
                    {(dir / "m" / "model.safetensors").string(), "tensor 'transformer.h.1.mlp.c_fc.weight'",
                     "holds NaN or infinite values"});
  }
}

TEST(BadWeights, ValuesBeyondTheComputeDtypeAreRefusedAtLoad) {
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  rewrite_weights(dir / "m", [&](auto& tensors) { set_float(tensor(tensors, "transformer.ln_f.weight"), 0, 1e6f); });
  EXPECT_NO_THROW(load_model(dir / "m", {}));
  expect_one_line(error_of([&] {
                    load_model(dir / "m", {at::kHalf, at::kCPU});
                  }),
                  {"tensor 'transformer.ln_f.weight'", "beyond the range of Half"});
}

struct ConfigCase {
  std::string arch, key;
  nlohmann::json value;
  std::string needle;
};

TEST(BadConfig, NumbersOutsideTheirDomainNameConfigJsonAndTheKey) {
  const std::vector<ConfigCase> cases = {
      {"gpt2", "n_layer", 0, "key 'n_layer': must be between 1 and 2^40, got 0"},
      {"gpt2", "n_layer", -3, "key 'n_layer': must be between 1 and 2^40, got -3"},
      {"gpt2", "n_layer", std::uint64_t{1} << 63, "key 'n_layer': integer 9223372036854775808 is out of range"},
      {"gpt2", "n_head", 0, "key 'n_head': must be between 1"},
      {"gpt2", "n_embd", -32, "key 'n_embd': must be between 1"},
      {"gpt2", "vocab_size", 0, "key 'vocab_size': must be between 1"},
      {"gpt2", "n_positions", 0, "key 'n_positions': must be between 1"},
      {"gpt2", "n_inner", 0, "key 'n_inner': must be between 1"},
      {"gpt2", "layer_norm_epsilon", 0, "key 'layer_norm_epsilon': must be a number > 0, got 0"},
      {"gpt2", "layer_norm_epsilon", -1e-5, "key 'layer_norm_epsilon': must be a number > 0"},
      {"llama", "rms_norm_eps", -1e-6, "key 'rms_norm_eps': must be a number > 0"},
      {"llama", "rope_theta", -10000.0, "key 'rope_theta': must be a number > 0"},
      {"llama", "rope_theta", 0, "key 'rope_theta': must be a number > 0"},
      {"llama",
       "rope_scaling",
       {{"type", "linear"}, {"factor", -2.0}},
       "key 'rope_scaling': factor must be a number >= 1, got -2.0"},
      {"llama",
       "rope_scaling",
       {{"type", "linear"}, {"factor", 0}},
       "key 'rope_scaling': factor must be a number >= 1, got 0"},
      {"llama", "rope_scaling", {{"type", "linear"}, {"factor", 0.5}}, "factor must be a number >= 1"},
      {"llama", "num_key_value_heads", 0, "key 'num_key_value_heads': must be between 1"},
      {"llama", "intermediate_size", -1, "key 'intermediate_size': must be between 1"},
      {"llama", "max_position_embeddings", 0, "key 'max_position_embeddings': must be between 1"},
      {"gpt_neox", "rotary_emb_base", 0, "key 'rotary_emb_base': must be a number > 0"},
      {"gpt_neox", "rotary_pct", 2.0, "key 'rotary_pct': must be at most 1"},
      {"gpt_neox", "rotary_pct", -0.25, "key 'rotary_pct': must be a number > 0"},
      {"gpt_neox", "layer_norm_eps", -1e-5, "key 'layer_norm_eps': must be a number > 0"},
      {"gpt_neox", "rope_scaling", {{"type", "linear"}, {"factor", 0}}, "key 'rope_scaling': factor must be"},
      {"opt", "ffn_dim", 0, "key 'ffn_dim': must be between 1"},
      {"opt", "word_embed_proj_dim", -16, "key 'word_embed_proj_dim': must be between 1"},
      {"gpt_neo", "window_size", 0, "key 'window_size': must be between 1"},
      {"gpt_neo", "num_layers", 0, "key 'num_layers': must be between 1"},
      {"gptj", "n_inner", -1, "key 'n_inner': must be between 1"},
      {"bloom", "layer_norm_epsilon", 0, "key 'layer_norm_epsilon': must be a number > 0"},
      {"bloom", "n_layer", -1, "key 'n_layer': must be between 1"},
      {"gpt2", "pad_token_id", 97, "key 'pad_token_id': 97 is outside the vocabulary of 97"},
      {"opt", "eos_token_id", 1000, "key 'eos_token_id': 1000 is outside the vocabulary of 97"},
      {"llama", "bos_token_id", -2, "key 'bos_token_id': -2 is outside the vocabulary of 97"},
      {"llama",
       "rope_scaling",
       {{"rope_type", "yarn"}, {"factor", 4.0}},
       "key 'rope_scaling': rope_type 'yarn' is not"},
      {"llama", "rope_scaling", {{"type", "dynamic"}, {"factor", 2.0}}, "rope_type 'dynamic' is not supported"},
      {"llama",
       "rope_scaling",
       {{"rope_type", "llama3"},
        {"factor", 8.0},
        {"high_freq_factor", 4.0},
        {"original_max_position_embeddings", 8192}},
       "key 'rope_scaling': 'low_freq_factor' must be a number"},
      {"llama",
       "rope_scaling",
       {{"rope_type", "llama3"},
        {"factor", 8.0},
        {"low_freq_factor", 4.0},
        {"high_freq_factor", 1.0},
        {"original_max_position_embeddings", 8192}},
       "low_freq_factor < high_freq_factor"},
      {"mistral", "layer_types", {"sliding_attention"}, "key 'layer_types': expected a list of 2 layer types"},
      {"gemma2",
       "layer_types",
       {"sliding_attention", "chunked_attention"},
       "key 'layer_types': unknown layer type \"chunked_attention\""},
      {"gemma3_text", "rope_scaling", {{"rope_type", "longrope"}}, "'short_factor' must be a list of 4 numbers"},
      {"phi3", "partial_rotary_factor", 2.0, "key 'partial_rotary_factor': must be at most 1"},
      {"phi3", "partial_rotary_factor", 0.1, "must leave an even number of rotary dims, got 0"},
      {"phi3",
       "rope_scaling",
       {{"type", "longrope"}, {"short_factor", {1.0, 1.0}}, {"long_factor", {1.0, 1.0, 1.0, 1.0}}},
       "key 'rope_scaling': 'short_factor' must be a list of 4 numbers"},
      {"phi3",
       "rope_scaling",
       {{"type", "longrope"}, {"short_factor", {1.0, 1.0, 1.0, 0.0}}, {"long_factor", {1.0, 1.0, 1.0, 1.0}}},
       "'short_factor' must hold numbers > 0"},
      {"qwen2", "num_key_value_heads", 3, "key 'num_key_value_heads': must divide num_attention_heads"},
  };
  test::TempDir dir;
  for (const auto& arch : {"gpt2", "llama", "gpt_neox", "opt", "gpt_neo", "gptj", "bloom", "mistral", "gemma2",
                           "gemma3_text", "phi3", "qwen2"})
    write_synthetic_checkpoint(small(arch), dir / arch);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.arch + " " + c.key);
    const auto m = dir / ("bad-" + c.arch);
    std::filesystem::remove_all(m);
    std::filesystem::copy(dir / c.arch, m);
    edit_config(m, [&](auto& config) { config[c.key] = c.value; });
    expect_one_line(error_of([&] { load_model(m, {}); }), {(m / "config.json").string(), c.needle});
  }
}

TEST(BadWeights, RequiredBiasesAreNamedWhenMissing) {
  // Qwen2's q/k/v carry biases: a checkpoint without them is not a Qwen2 checkpoint, whatever else loads.
  test::TempDir dir;
  write_synthetic_checkpoint(small("qwen2"), dir / "m");
  rewrite_weights(dir / "m", [](auto& tensors) {
    std::erase_if(tensors, [](const auto& t) { return t.name == "model.layers.1.self_attn.k_proj.bias"; });
  });
  expect_one_line(error_of([&] { load_model(dir / "m", {}); }),
                  {(dir / "m").string(), "missing tensor 'model.layers.1.self_attn.k_proj.bias'"});
}

TEST(BadConfig, MinusOneTokenIdMeansNoneAsEarlyLlamaConversionsWriteIt) {
  test::TempDir dir;
  write_synthetic_checkpoint(small("llama"), dir / "llama");
  edit_config(dir / "llama", [](auto& config) { config["pad_token_id"] = -1; });
  const auto model = load_model(dir / "llama", {});
  EXPECT_FALSE(model->info().pad_token_id.has_value());
  EXPECT_TRUE(model->info().eos_token_id.has_value());
}

TEST(BadConfig, SizesFarBeyondTheStoredShapesFailBeforeAllocating) {
  // Each of these would ask for terabytes if anything allocated from the config's numbers; the stored shapes (or
  // the bound on sizes) stop them first.
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "gpt2");
  write_synthetic_checkpoint(small("gpt_neo"), dir / "gpt_neo");
  auto bad = [&](const std::string& arch, const std::function<void(nlohmann::json&)>& edit) {
    const auto m = dir / ("bad-" + arch);
    std::filesystem::remove_all(m);
    std::filesystem::copy(dir / arch, m);
    edit_config(m, edit);
    return error_of([&] { load_model(m, {}); });
  };
  expect_one_line(bad("gpt2", [](auto& c) { c["n_embd"] = 1000000000; }),
                  {"tensor 'transformer.wte.weight'", "does not match the config's [97, 1000000000]"});
  expect_one_line(bad("gpt2", [](auto& c) { c["vocab_size"] = std::int64_t{1} << 40; }),
                  {"tensor 'transformer.wte.weight'", "does not match"});
  expect_one_line(bad("gpt2", [](auto& c) { c["n_inner"] = std::int64_t{1} << 40; }),
                  {"tensor 'transformer.h.0.mlp.c_fc.weight'", "does not match"});
  expect_one_line(bad("gpt2", [](auto& c) { c["n_layer"] = std::int64_t{1} << 40; }),
                  {"missing tensor 'transformer.h.2.ln_1.weight'"});
  expect_one_line(bad("gpt2", [](auto& c) { c["n_embd"] = std::int64_t{1} << 62; }),
                  {"config.json", "key 'n_embd': must be between 1 and 2^40"});
  expect_one_line(bad("gpt_neo",
                      [](auto& c) {
                        c.erase("attention_layers");
                        c["attention_types"] = nlohmann::json::parse(R"([[["global", "local"], 1000000000000000]])");
                      }),
                  {"config.json", "key 'attention_types': repeats", "more than num_layers 2 allows"});
}

TEST(NonFinite, ActivationsThatOverflowNameTheStepAndLayer) {
  // Finite but huge weights (representable in float32) make the first block's keys infinite.
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  rewrite_weights(dir / "m", [](auto& tensors) {
    auto& w = tensor(tensors, "transformer.h.0.attn.c_attn.weight");
    for (std::size_t i = 0; i < w.bytes.size() / sizeof(float); ++i) set_float(w, i, 3e38f);
  });
  const auto model = load_model(dir / "m", {});
  Thinker thinker(*model, demo_ids(), {});
  expect_one_line(error_of([&] { thinker.step(); }), {"Deep-Thinking step 1: the keys of layer 0 are not finite"});
}

TEST(NonFinite, ScoresThatAreNotFiniteNameTheQueryAndStep) {
  // Huge final-norm weights leave the cache finite but overflow the logits.
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  rewrite_weights(dir / "m", [](auto& tensors) {
    auto& w = tensor(tensors, "transformer.ln_f.weight");
    for (std::size_t i = 0; i < w.bytes.size() / sizeof(float); ++i) set_float(w, i, 3e38f);
  });
  const auto model = load_model(dir / "m", {});
  CellTokens tokens;
  tokens.demo_ids = demo_ids();
  tokens.queries = queries();
  tokens.answers = {0};
  const auto e = error_of([&] { run_cell(*model, tokens, {}, 2, {1, 2}, {}, {}); });
  expect_one_line(e, {"scoring after step 1: query 0 choice 0", "is not finite"});
  EXPECT_EQ(e.find("internal"), std::string::npos) << e;
}

TEST(Positions, OneStepNeedsTheDemonstrationOnceOnly) {
  test::TempDir dir;
  auto spec = small("gpt2");
  spec.positions = 16;  // the 10-token demonstration fits once, not twice
  write_synthetic_checkpoint(spec, dir / "m");
  const auto model = load_model(dir / "m", {});
  CellTokens tokens;
  tokens.demo_ids = demo_ids();
  tokens.queries = {QueryChoices{{{{7, 8}, 1, 2}, {{7, 9}, 1, 2}}}};
  tokens.answers = {1};
  const auto run = run_cell(*model, tokens, {}, /*steps=*/1, {1}, {}, {});
  ASSERT_EQ(run.evaluations.size(), 1u);
  expect_one_line(error_of([&] {
                    run_cell(*model, tokens, {}, /*steps=*/2, {1, 2}, {}, {});
                  }),
                  {"feeds it twice (20 positions) but the model has 16 positions"});
  Thinker thinker(*model, demo_ids(), {}, /*planned_steps=*/1);
  thinker.step();
  expect_one_line(error_of([&] { thinker.step(); }), {"20 positions"});
  spec.positions = 8;  // not even once
  write_synthetic_checkpoint(spec, dir / "short");
  const auto short_model = load_model(dir / "short", {});
  expect_one_line(error_of([&] { Thinker(*short_model, demo_ids(), {}, 1); }),
                  {"the demonstration has 10 tokens but the model has 8 positions"});
}

}  // namespace
}  // namespace dt
