// Architectures on synthetic checkpoints: the cache path equals plain concatenation (step 1 = ICL), Deep-Thinking's
// second pass equals a forward of the demonstration twice, loading variants (shards, half precision on disk,
// prefixes) give the same model, grouped-query heads equal repeated heads, GPT-Neo's local layers see only their
// window, and bad checkpoints are clear errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
  spec.seed = 3;
  if (arch == "bloom") {  // a head count that is not a power of two: HF's extra ALiBi slopes
    spec.heads = 6;
    spec.hidden = 48;
  }
  return spec;
}

std::vector<std::int64_t> demo_ids() { return {5, 17, 3, 44, 9, 60, 2, 31, 8, 12}; }

std::vector<QueryChoices> queries() {
  return {QueryChoices{{{{7, 8, 9, 10}, 3, 4}, {{7, 8, 9, 11, 12}, 3, 5}}},
          QueryChoices{{{{20, 21}, 1, 2}, {{20, 22, 23}, 1, 3}, {{20, 24}, 1, 2}}}};
}

at::Tensor logits_of(const DecoderLM& model, const std::vector<std::int64_t>& ids) {
  const auto t = at::tensor(ids, at::kLong).unsqueeze(0);
  return model.forward(make_causal_batch(t, 0), PastKV{}, at::arange(static_cast<std::int64_t>(ids.size()))).logits;
}

class EveryArchitecture : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryArchitecture, StepOneThroughTheCacheEqualsConcatenation) {
  test::TempDir dir;
  write_synthetic_checkpoint(small(GetParam()), dir / "m");
  const auto model = load_model(dir / "m", {});
  Thinker thinker(*model, demo_ids(), {});
  const auto& kv = thinker.step();
  const auto cached = score_choices(*model, kv, queries(), {});
  auto joined = queries();
  const auto demo = demo_ids();
  const auto L = static_cast<std::int64_t>(demo.size());
  for (auto& q : joined)
    for (auto& c : q.choices) {
      c.ids.insert(c.ids.begin(), demo.begin(), demo.end());
      c.choice_start += L;
      c.choice_end += L;
    }
  const auto plain = score_choices(*model, KVCache{}, joined, {/*batch_size=*/1});
  for (std::size_t q = 0; q < cached.size(); ++q)
    for (std::size_t c = 0; c < cached[q].lm_log_p.size(); ++c) {
      EXPECT_NEAR(cached[q].lm_log_p[c], plain[q].lm_log_p[c], 1e-4);
      EXPECT_NEAR(cached[q].norm_lm_log_p[c], plain[q].norm_lm_log_p[c], 1e-4);
    }
}

TEST_P(EveryArchitecture, SecondPassSeesTheDemonstrationTwice) {
  // With gate eta = 1 the step-2 KV is exactly N_2, the K/V of the second copy, i.e. positions L..2L-1 of a
  // plain forward of demo + demo.
  test::TempDir dir;
  write_synthetic_checkpoint(small(GetParam()), dir / "m");
  const auto model = load_model(dir / "m", {});
  MetaOptimizerSpec gate;
  gate.kind = MetaOptimizerSpec::Kind::Gate;
  gate.eta = 1.0;
  Thinker thinker(*model, demo_ids(), gate);
  thinker.step();
  const auto& kv = thinker.step();
  const auto demo = demo_ids();
  auto twice = demo;
  twice.insert(twice.end(), demo.begin(), demo.end());
  const auto t = at::tensor(twice, at::kLong).unsqueeze(0);
  const auto whole = model->forward(make_causal_batch(t, 0), PastKV{}).new_kv;
  const auto L = static_cast<std::int64_t>(demo_ids().size());
  for (std::size_t l = 0; l < kv.num_layers(); ++l) {
    EXPECT_TRUE(at::allclose(kv.layer(l).k, whole.layer(l).k.narrow(2, L, L), 1e-4, 1e-5)) << "layer " << l;
    EXPECT_TRUE(at::allclose(kv.layer(l).v, whole.layer(l).v.narrow(2, L, L), 1e-4, 1e-5)) << "layer " << l;
  }
}

TEST(Thinker, ALayerScheduleTunesOnlyItsLayers) {
  // gate eta = 1 on layers = "first:1": layer 0 becomes N_2, the others keep KV_1 bit for bit; a schedule naming a
  // layer the model lacks fails when the Thinker is made, before any forward.
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  const auto model = load_model(dir / "m", {});
  ASSERT_GE(model->info().num_layers, 2);
  MetaOptimizerSpec gate;
  gate.kind = MetaOptimizerSpec::Kind::Gate;
  gate.eta = 1.0;
  gate.layers = parse_layer_selection("first:1", "test");
  Thinker thinker(*model, demo_ids(), gate);
  const auto first = thinker.step().clone();
  const auto& second = thinker.step();
  EXPECT_FALSE(at::equal(second.layer(0).k, first.layer(0).k));
  for (std::size_t l = 1; l < second.num_layers(); ++l) {
    EXPECT_TRUE(at::equal(second.layer(l).k, first.layer(l).k)) << "layer " << l;
    EXPECT_TRUE(at::equal(second.layer(l).v, first.layer(l).v)) << "layer " << l;
  }
  gate.layers = parse_layer_selection("7", "test");
  try {
    Thinker bad(*model, demo_ids(), gate);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("names layer 7 but the model has"), std::string::npos) << e.what();
  }
}

TEST_P(EveryArchitecture, ShardedAndHalfPrecisionCheckpointsLoad) {
  test::TempDir dir;
  auto spec = small(GetParam());
  write_synthetic_checkpoint(spec, dir / "single");
  spec.shards = 3;
  write_synthetic_checkpoint(spec, dir / "sharded");
  spec.shards = 1;
  spec.disk_dtype = "BF16";
  write_synthetic_checkpoint(spec, dir / "bf16");
  const auto ids = std::vector<std::int64_t>{1, 2, 3, 4, 5};
  const auto reference = logits_of(*load_model(dir / "single", {}), ids);
  EXPECT_TRUE(at::equal(reference, logits_of(*load_model(dir / "sharded", {}), ids)));
  const auto bf16 = logits_of(*load_model(dir / "bf16", {}), ids);
  EXPECT_FALSE(at::equal(reference, bf16));
  EXPECT_LT((reference - bf16).abs().max().item<double>(), 0.1 * reference.abs().max().item<double>());
}

TEST_P(EveryArchitecture, HalfPrecisionComputeStaysCloseToFloat32) {
  // The CUDA path computes in bfloat16 / float16; the same code runs here in bfloat16 on the CPU.
  test::TempDir dir;
  write_synthetic_checkpoint(small(GetParam()), dir / "m");
  const auto ids = std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7};
  const auto reference = logits_of(*load_model(dir / "m", {}), ids);
  const auto half_model = load_model(dir / "m", {at::kBFloat16, at::kCPU});
  const auto half = logits_of(*half_model, ids).to(at::kFloat);
  ASSERT_FALSE(half.isnan().any().item<bool>());
  EXPECT_LT((reference - half).abs().max().item<double>(), 0.1 * reference.abs().max().item<double>() + 0.05);
  Thinker thinker(*half_model, demo_ids(), {});
  thinker.step();
  const auto scores = score_choices(*half_model, thinker.step(), queries(), {});
  for (const auto& q : scores)
    for (double v : q.lm_log_p) EXPECT_TRUE(std::isfinite(v));
}

INSTANTIATE_TEST_SUITE_P(Models, EveryArchitecture,
                         ::testing::Values("gpt2", "opt", "opt-350m", "llama", "gpt_neo", "gptj", "bloom", "gpt_neox",
                                           "mistral", "qwen2", "qwen3", "phi3", "gemma2", "gemma3_text"),
                         [](const auto& case_info) {
                           std::string name = case_info.param;
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

TEST(Llama, GroupedQueryHeadsEqualRepeatedHeads) {
  test::TempDir dir;
  auto spec = small("llama");
  spec.kv_heads = 2;
  write_synthetic_checkpoint(spec, dir / "gqa");
  // Rewrite the checkpoint with every key/value head repeated for its query group: a plain multi-head model.
  const auto head_dim = spec.hidden / spec.heads, group = spec.heads / spec.kv_heads;
  std::filesystem::create_directories(dir / "mha");
  auto config = nlohmann::json::parse(test::read_file(dir / "gqa" / "config.json"));
  config["num_key_value_heads"] = spec.heads;
  test::write_file(dir / "mha" / "config.json", config.dump());
  SafetensorsFile file(dir / "gqa" / "model.safetensors");
  std::vector<StTensorToWrite> out;
  for (const auto& t : file.tensors()) {
    StTensorToWrite w{t.name, t.dtype, t.shape, {t.bytes.begin(), t.bytes.end()}};
    if (t.name.find("k_proj") != std::string::npos || t.name.find("v_proj") != std::string::npos) {
      auto weight = at::from_blob(const_cast<std::byte*>(t.bytes.data()), t.shape, at::kFloat).clone();
      auto repeated = weight.view({spec.kv_heads, head_dim, spec.hidden})
                          .repeat_interleave(group, 0)
                          .reshape({spec.heads * head_dim, spec.hidden})
                          .contiguous();
      w.shape = {spec.heads * head_dim, spec.hidden};
      w.bytes.assign(static_cast<const std::byte*>(repeated.data_ptr()),
                     static_cast<const std::byte*>(repeated.data_ptr()) + repeated.nbytes());
    }
    out.push_back(std::move(w));
  }
  write_safetensors(dir / "mha" / "model.safetensors", std::move(out));
  const auto gqa = load_model(dir / "gqa", {});
  const auto mha = load_model(dir / "mha", {});
  EXPECT_EQ(gqa->info().num_kv_heads, 2);
  EXPECT_EQ(mha->info().num_kv_heads, 4);
  const auto ids = std::vector<std::int64_t>{4, 8, 15, 16, 23, 42};
  EXPECT_TRUE(at::allclose(logits_of(*gqa, ids), logits_of(*mha, ids), 1e-4, 1e-5));
  Thinker a(*gqa, demo_ids(), {}), b(*mha, demo_ids(), {});
  for (int step = 0; step < 3; ++step) {
    const auto sa = score_choices(*gqa, a.step(), queries(), {});
    const auto sb = score_choices(*mha, b.step(), queries(), {});
    for (std::size_t q = 0; q < sa.size(); ++q)
      for (std::size_t c = 0; c < sa[q].lm_log_p.size(); ++c) EXPECT_NEAR(sa[q].lm_log_p[c], sb[q].lm_log_p[c], 1e-4);
  }
}

// One GPT-Neo layer, global or local (window 8): the last of 12 tokens is 11 positions after the first, so a local
// layer cannot see the first token while a global one can; position 7 is inside the window either way.
TEST(GptNeo, LocalLayerIgnoresTokensBeyondTheWindow) {
  test::TempDir dir;
  auto spec = small("gpt_neo");
  spec.layers = 1;
  write_synthetic_checkpoint(spec, dir / "m");
  auto config = nlohmann::json::parse(test::read_file(dir / "m" / "config.json"));
  ASSERT_EQ(config["window_size"], 8);
  const std::vector<std::int64_t> ids = {5, 17, 3, 44, 9, 60, 2, 31, 8, 12, 40, 41};
  auto changed = ids;
  changed[0] = 70;
  for (const std::string kind : {"local", "global"}) {
    config["attention_layers"] = nlohmann::json::array({kind});
    config["attention_types"] = nlohmann::json::array({nlohmann::json::array({nlohmann::json::array({kind}), 1})});
    test::write_file(dir / "m" / "config.json", config.dump());
    const auto model = load_model(dir / "m", {});
    const auto a = logits_of(*model, ids), b = logits_of(*model, changed);
    EXPECT_FALSE(at::allclose(a[7], b[7])) << kind;
    EXPECT_EQ(at::allclose(a[11], b[11]), kind == "local") << kind;
  }
}

TEST(Thinker, StatisticsFollowTheSteps) {
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  const auto model = load_model(dir / "m", {});
  Thinker thinker(*model, demo_ids(), {});
  thinker.step();
  const auto s1 = thinker.last_stats();
  EXPECT_EQ(s1.step, 1);
  ASSERT_EQ(s1.layers.size(), 2u);
  EXPECT_DOUBLE_EQ(s1.layers[0].k_norm, s1.layers[0].new_k_norm);
  EXPECT_TRUE(std::isnan(s1.layers[0].k_grad_norm));
  thinker.step();
  const auto s2 = thinker.last_stats();
  EXPECT_GT(s2.layers[1].v_grad_norm, 0.0);
  EXPECT_DOUBLE_EQ(s2.layers[1].v_grad_norm, s2.layers[1].v_direction_norm);  // m starts as g
  EXPECT_TRUE(std::isnan(s2.layers[1].v_grad_cosine));
  thinker.step();
  const auto s3 = thinker.last_stats();
  EXPECT_GE(s3.layers[0].k_grad_cosine, -1.0);
  EXPECT_LE(s3.layers[0].k_grad_cosine, 1.0);
  EXPECT_NE(s3.layers[0].k_direction_norm, s3.layers[0].k_grad_norm);  // momentum has kicked in
}

TEST(Thinker, DemonstrationLongerThanPositionsIsAnError) {
  test::TempDir dir;
  auto spec = small("gpt2");
  spec.positions = 16;
  write_synthetic_checkpoint(spec, dir / "m");
  const auto model = load_model(dir / "m", {});
  try {
    Thinker thinker(*model, demo_ids(), {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("16 positions"), std::string::npos) << e.what();
  }
}

// Expects load_model(dir) to fail with a message containing every needle.
void expect_load_error(const std::filesystem::path& dir, std::initializer_list<std::string> needles) {
  try {
    load_model(dir, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    for (const auto& n : needles) EXPECT_NE(std::string(e.what()).find(n), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, BadCheckpointsAreClearErrors) {
  test::TempDir dir;
  write_synthetic_checkpoint(small("gpt2"), dir / "m");
  expect_load_error(dir / "absent", {"does not exist"});

  std::filesystem::copy(dir / "m", dir / "bad_json");
  test::write_file(dir / "bad_json" / "config.json", "{\"model_type\": \"gpt2\",");
  expect_load_error(dir / "bad_json", {"config.json", "not valid JSON"});

  std::filesystem::copy(dir / "m", dir / "unknown");
  test::write_file(dir / "unknown" / "config.json", R"({"model_type": "mamba"})");
  expect_load_error(dir / "unknown", {"model_type 'mamba' is not supported"});

  std::filesystem::copy(dir / "m", dir / "wrong_shape");
  auto config = nlohmann::json::parse(test::read_file(dir / "m" / "config.json"));
  config["n_embd"] = 64;
  test::write_file(dir / "wrong_shape" / "config.json", config.dump());
  expect_load_error(dir / "wrong_shape", {"tensor 'transformer.wte.weight'", "does not match"});

  std::filesystem::create_directories(dir / "no_weights");
  std::filesystem::copy(dir / "m" / "config.json", dir / "no_weights" / "config.json");
  expect_load_error(dir / "no_weights", {"no weights", "pytorch_model.bin"});

  std::filesystem::create_directories(dir / "escape");
  std::filesystem::copy(dir / "m" / "config.json", dir / "escape" / "config.json");
  test::write_file(dir / "escape" / "model.safetensors.index.json",
                   R"({"weight_map": {"a": "../m/model.safetensors"}})");
  expect_load_error(dir / "escape", {"model.safetensors.index.json", "not a file in the checkpoint directory"});

  std::filesystem::create_directories(dir / "missing_tensor");
  std::filesystem::copy(dir / "m" / "config.json", dir / "missing_tensor" / "config.json");
  write_safetensors(dir / "missing_tensor" / "model.safetensors", {});
  expect_load_error(dir / "missing_tensor", {"missing tensor 'transformer.wte.weight'"});
}

}  // namespace
}  // namespace dt
