// The random-init control (synthetic/random_twin.h) against HF's _init_weights as its modeling files write it:
// Linear and Embedding weights ~ N(0, initializer_range), GPT-2's c_proj weights ~ N(0, range / sqrt(2 n_layer)),
// biases 0, LayerNorm/RMSNorm weights 1 (Gemma's zero-centred ones 0); buffers, integer tensors, ties and every
// other file kept from the source; the record, the states and the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "../test_support.h"
#include "dt/io/safetensors.h"
#include "dt/synthetic/random_twin.h"
#include "dt/util/error.h"

namespace dt {
namespace {

StTensorToWrite f32(const std::string& name, std::vector<std::int64_t> shape, float value) {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<float> values(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) values[static_cast<std::size_t>(i)] = value + 0.001f * static_cast<float>(i % 7);
  std::vector<std::byte> bytes(values.size() * 4);
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return {name, StDType::F32, shape, bytes};
}

// A llama-like (or gpt2-like) source: config.json with the given type and range, a tokenizer file, tied embedding.
void write_source(const std::filesystem::path& dir, const std::string& type, double range) {
  std::filesystem::create_directories(dir);
  test::write_file(dir / "config.json", "{\"model_type\": \"" + type + "\", \"initializer_range\": " +
                                            std::to_string(range) + ", \"n_layer\": 8, \"num_hidden_layers\": 8}\n");
  test::write_file(dir / "tokenizer.json", "{\"not\": \"parsed\"}\n");
  std::vector<StTensorToWrite> tensors = {
      f32("model.embed_tokens.weight", {64, 64}, 0.3f),
      f32("lm_head.weight", {64, 64}, 0.3f),  // the same bytes: tied
      f32("model.layers.0.input_layernorm.weight", {64}, 0.7f),
      f32("model.layers.0.self_attn.q_proj.bias", {64}, 0.7f),  // the norm's bytes, but no tie
      f32("model.layers.0.self_attn.rotary_emb.inv_freq", {8}, 0.25f),
      f32("h.0.mlp.c_proj.weight", {64, 64}, 0.1f)};
  std::vector<std::byte> ids(8 * 3);
  for (std::size_t i = 0; i < ids.size(); i += 8) ids[i] = std::byte{static_cast<unsigned char>(i + 1)};
  tensors.push_back({"position_ids", StDType::I64, {3}, ids});
  write_safetensors(dir / "model.safetensors", tensors);
}

std::vector<float> floats(const StTensor& t) {
  std::vector<float> out(t.bytes.size() / 4);
  std::memcpy(out.data(), t.bytes.data(), t.bytes.size());
  return out;
}

double sample_std(const std::vector<float>& v) {
  double sum = 0, sq = 0;
  for (float x : v) sum += x, sq += static_cast<double>(x) * x;
  const auto n = static_cast<double>(v.size());
  return std::sqrt(sq / n - (sum / n) * (sum / n));
}

bool same_bytes(const StTensor& a, const StTensor& b) {
  return a.bytes.size() == b.bytes.size() && std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size()) == 0;
}

TEST(RandomTwin, FollowsHfInitialisationAndKeepsTiesBuffersAndFiles) {
  test::TempDir dir;
  write_source(dir / "src", "llama", 0.5);
  write_random_twin(dir / "src", dir / "twin", 0);
  const SafetensorsFile src(dir / "src" / "model.safetensors"), twin(dir / "twin" / "model.safetensors");
  ASSERT_EQ(twin.tensors().size(), src.tensors().size());
  for (std::size_t i = 0; i < src.tensors().size(); ++i) {
    EXPECT_EQ(twin.tensors()[i].name, src.tensors()[i].name);
    EXPECT_EQ(twin.tensors()[i].shape, src.tensors()[i].shape);
    EXPECT_EQ(twin.tensors()[i].dtype, src.tensors()[i].dtype);
  }
  const auto embed = floats(*twin.find("model.embed_tokens.weight"));
  EXPECT_NEAR(sample_std(embed), 0.5, 0.05);
  EXPECT_TRUE(same_bytes(*twin.find("lm_head.weight"), *twin.find("model.embed_tokens.weight")));
  EXPECT_FALSE(same_bytes(*twin.find("model.embed_tokens.weight"), *src.find("model.embed_tokens.weight")));
  for (float x : floats(*twin.find("model.layers.0.input_layernorm.weight"))) EXPECT_EQ(x, 1.0f);
  for (float x : floats(*twin.find("model.layers.0.self_attn.q_proj.bias"))) EXPECT_EQ(x, 0.0f);
  EXPECT_TRUE(same_bytes(*twin.find("model.layers.0.self_attn.rotary_emb.inv_freq"),
                         *src.find("model.layers.0.self_attn.rotary_emb.inv_freq")));
  EXPECT_TRUE(same_bytes(*twin.find("position_ids"), *src.find("position_ids")));
  EXPECT_NEAR(sample_std(floats(*twin.find("h.0.mlp.c_proj.weight"))), 0.5, 0.05);  // not GPT-2: no scaling
  EXPECT_EQ(test::read_file(dir / "twin" / "tokenizer.json"), test::read_file(dir / "src" / "tokenizer.json"));
  EXPECT_EQ(test::read_file(dir / "twin" / "config.json"), test::read_file(dir / "src" / "config.json"));
}

TEST(RandomTwin, Gpt2ScalesItsResidualProjectionsAndGemmaCentresItsNorms) {
  test::TempDir dir;
  write_source(dir / "gpt2", "gpt2", 0.4);
  write_random_twin(dir / "gpt2", dir / "gpt2-twin", 3);
  const SafetensorsFile gpt2(dir / "gpt2-twin" / "model.safetensors");
  // 0.4 / sqrt(2 * 8) = 0.1
  EXPECT_NEAR(sample_std(floats(*gpt2.find("h.0.mlp.c_proj.weight"))), 0.1, 0.01);
  write_source(dir / "gemma", "gemma2", 0.4);
  write_random_twin(dir / "gemma", dir / "gemma-twin", 3);
  const SafetensorsFile gemma(dir / "gemma-twin" / "model.safetensors");
  for (float x : floats(*gemma.find("model.layers.0.input_layernorm.weight"))) EXPECT_EQ(x, 0.0f);
}

TEST(RandomTwin, IsAFunctionOfSourceAndSeedAndRecordsBoth) {
  test::TempDir dir;
  write_source(dir / "src", "llama", 0.5);
  EXPECT_EQ(random_twin_state(dir / "src", dir / "a", 0), GeneratedState::Missing);
  write_random_twin(dir / "src", dir / "a", 0);
  write_random_twin(dir / "src", dir / "b", 0);
  write_random_twin(dir / "src", dir / "c", 1);
  const auto a = test::read_file(dir / "a" / "model.safetensors");
  EXPECT_EQ(a, test::read_file(dir / "b" / "model.safetensors"));
  EXPECT_NE(a, test::read_file(dir / "c" / "model.safetensors"));
  EXPECT_EQ(random_twin_state(dir / "src", dir / "a", 0), GeneratedState::Current);
  EXPECT_EQ(random_twin_state(dir / "src", dir / "a", 1), GeneratedState::Changed);
  write_source(dir / "src", "llama", 0.25);  // another config: the twin is stale and is swapped for a new one
  EXPECT_EQ(random_twin_state(dir / "src", dir / "a", 0), GeneratedState::Changed);
  write_random_twin(dir / "src", dir / "a", 0);
  EXPECT_EQ(random_twin_state(dir / "src", dir / "a", 0), GeneratedState::Current);
  std::filesystem::remove(dir / "b" / kControlRecordFile);
  EXPECT_EQ(random_twin_state(dir / "src", dir / "b", 0), GeneratedState::Unrecorded);
}

TEST(RandomTwin, RefusesPyTorchWeightsAndLeavesNothingBehind) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "src");
  test::write_file(dir / "src" / "config.json", "{\"model_type\": \"gpt2\"}\n");
  test::write_file(dir / "src" / "pytorch_model.bin", "not a zip");
  try {
    write_random_twin(dir / "src", dir / "twin", 0);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("needs safetensors weights"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "twin"));
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) entries += entry.exists();
  EXPECT_EQ(entries, 1u);  // src only: no temporary left
}

}  // namespace
}  // namespace dt
