// PyTorch `.bin` checkpoints written by Python's torch.save (tests/checkpoint/write_torch_twins.py, Debian's
// python3-torch) from the shared golden fixtures: plain (with views), sharded, float16 and bfloat16 twins give
// logits bit-identical to their safetensors counterparts; safetensors wins when both formats exist; a tied embedding
// stored only under its output name loads for every architecture; legacy, pickled-object, truncated and corrupted
// files are one-line errors naming the file and never crash.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "dt/model/checkpoint.h"
#include "dt/model/forward_batch.h"
#include "dt/model/registry.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

// Skips (fails under CI=true) when Debian's python3 cannot import torch.
#define DT_REQUIRE_PYTHON_TORCH()                                                                           \
  if (std::system(DT_TEST_DEBIAN_PYTHON " -c 'import torch' > /dev/null 2>&1") != 0) {                      \
    if (::dt::test::running_in_ci()) FAIL() << "CI=true but " DT_TEST_DEBIAN_PYTHON " cannot import torch"; \
    GTEST_SKIP() << DT_TEST_DEBIAN_PYTHON " cannot import torch (apt-get install python3-torch); skipping"; \
  }

void write_twins(const std::filesystem::path& source, const std::filesystem::path& out) {
  const std::string command = std::string(DT_TEST_DEBIAN_PYTHON " ") + DT_TEST_SOURCE_DIR +
                              "/tests/checkpoint/write_torch_twins.py '" + source.string() + "' '" + out.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

at::Tensor logits_of(const std::filesystem::path& dir) {
  const auto model = load_model(dir, {});
  const auto vocab = model->info().vocab_size;
  std::vector<std::int64_t> ids;
  for (std::int64_t i = 0; i < 12; ++i) ids.push_back((i * 7919 + 3) % vocab);
  const auto t = at::tensor(ids, at::kLong).unsqueeze(0);
  return model->forward(make_causal_batch(t, 0), PastKV{}, at::arange(static_cast<std::int64_t>(ids.size()))).logits;
}

// Loading fails with one line that names the file and contains every fragment.
void expect_one_line_error(const std::filesystem::path& dir, const std::vector<std::string>& fragments) {
  try {
    logits_of(dir);
    ADD_FAILURE() << dir << " loaded";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find(dir.string()), std::string::npos) << message;
    for (const auto& f : fragments)
      EXPECT_NE(message.find(f), std::string::npos) << "'" << f << "' not in: " << message;
  }
}

TEST(TorchBin, IntegerParameterIsRefusedAtLoadWhileIntegerBuffersAreNot) {
  // A real GPT-2 .bin carries bool attn.bias masks, which dt never reads; a parameter stored as int32 is refused.
  DT_REQUIRE_PYTHON_TORCH();
  test::TempDir dir;
  const auto write = [&](const std::string& name, bool int_parameter) {
    const auto out = dir / name;
    std::filesystem::create_directories(out);
    test::write_file(out / "config.json", R"({"model_type": "gpt2", "n_layer": 1, "n_head": 1, "n_embd": 4,
                                              "n_positions": 16, "vocab_size": 5})");
    const std::string script =
        "import torch\n"
        "g = torch.Generator().manual_seed(0)\n"
        "r = lambda *s: torch.randn(*s, generator=g)\n"
        "sd = {'transformer.wte.weight': r(5, 4), 'transformer.wpe.weight': r(16, 4),\n"
        "      'transformer.ln_f.weight': r(4), 'transformer.ln_f.bias': r(4)}\n"
        "for n, shape in [('ln_1.weight', [4]), ('ln_1.bias', [4]), ('ln_2.weight', [4]), ('ln_2.bias', [4]),\n"
        "                 ('attn.c_attn.weight', [4, 12]), ('attn.c_attn.bias', [12]), ('attn.c_proj.weight', [4, "
        "4]),\n"
        "                 ('attn.c_proj.bias', [4]), ('mlp.c_fc.weight', [4, 16]), ('mlp.c_fc.bias', [16]),\n"
        "                 ('mlp.c_proj.weight', [16, 4]), ('mlp.c_proj.bias', [4])]:\n"
        "    sd['transformer.h.0.' + n] = r(*shape)\n"
        "sd['transformer.h.0.attn.bias'] = torch.tril(torch.ones(16, 16, dtype=torch.bool)).view(1, 1, 16, 16)\n"
        "sd['transformer.h.0.attn.masked_bias'] = torch.tensor(-1e4)\n" +
        std::string(int_parameter
                        ? "sd['transformer.h.0.ln_1.bias'] = sd['transformer.h.0.ln_1.bias'].to(torch.int32)\n"
                        : "") +
        "torch.save(sd, '" + (out / "pytorch_model.bin").string() + "')\n";
    test::write_file(dir / "write.py", script);
    const auto command = std::string(DT_TEST_DEBIAN_PYTHON " ") + (dir / "write.py").string();
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return out;
  };
  EXPECT_NO_THROW(logits_of(write("buffers", false)));
  const auto bad = write("int_parameter", true);
  expect_one_line_error(bad, {"pytorch_model.bin: tensor 'transformer.h.0.ln_1.bias'", "stored as I32"});
}

class TorchTwins : public ::testing::TestWithParam<std::string> {};

TEST_P(TorchTwins, LoadBitIdenticalToSafetensors) {
  DT_REQUIRE_SHARED(source, "golden/" + GetParam());
  DT_REQUIRE_PYTHON_TORCH();
  test::TempDir dir;
  write_twins(source, dir / "twins");
  const auto twin = [&](const char* name) { return dir / "twins" / name; };
  const auto original = logits_of(source);
  for (const char* name : {"bin", "sharded", "both"}) EXPECT_TRUE(at::equal(logits_of(twin(name)), original)) << name;
  EXPECT_TRUE(at::equal(logits_of(twin("f16_bin")), logits_of(twin("f16_st"))));
  EXPECT_TRUE(at::equal(logits_of(twin("bf16_bin")), logits_of(twin("bf16_st"))));
  EXPECT_FALSE(at::equal(logits_of(twin("f16_bin")), original)) << "the float16 twin was not rounded";

  const auto tied = logits_of(twin("tied_in_st"));
  EXPECT_TRUE(at::equal(logits_of(twin("tied_out_st")), tied));
  EXPECT_TRUE(at::equal(logits_of(twin("tied_out_bin")), tied));
  EXPECT_TRUE(at::equal(logits_of(twin("tied_shared_bin")), tied));
  const auto config = nlohmann::json::parse(test::read_file(source / "config.json"));
  if (config.value("tie_word_embeddings", true)) {
    EXPECT_TRUE(at::equal(tied, original));
  }

  const auto legacy = twin("legacy") / "pytorch_model.bin";
  expect_one_line_error(twin("legacy"), {"legacy (PyTorch < 1.6)", "torch.save(torch.load('" + legacy.string()});
  expect_one_line_error(twin("pickled_object"), {"refusing pickled global 'collections.Counter'"});
}

INSTANTIATE_TEST_SUITE_P(GoldenFixtures, TorchTwins,
                         ::testing::Values("gpt2", "opt", "opt_350m_style", "llama", "gpt_neo", "gptj", "bloom",
                                           "gpt_neox"));

// Loads every tensor of the checkpoint; dt::Error is the only acceptable failure.
void load_all(const std::filesystem::path& dir) {
  Checkpoint checkpoint(dir);
  for (const auto& name : checkpoint.tensor_names()) checkpoint.load(name, {}, at::TensorOptions());
}

class DamagedBin : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = test::shared_dir() / "golden" / "gpt2";
    if (!std::filesystem::exists(source_)) {
      if (test::running_in_ci()) FAIL() << "CI=true but the shared material is missing: " << source_;
      GTEST_SKIP() << "shared material not found at " << source_;
    }
    if (std::system(DT_TEST_DEBIAN_PYTHON " -c 'import torch' > /dev/null 2>&1") != 0) {
      if (test::running_in_ci()) FAIL() << "CI=true but " DT_TEST_DEBIAN_PYTHON " cannot import torch";
      GTEST_SKIP() << DT_TEST_DEBIAN_PYTHON " cannot import torch; skipping";
    }
    write_twins(source_, dir_ / "twins");
    good_ = test::read_file(dir_ / "twins" / "bin" / "pytorch_model.bin");
  }
  // A copy of the plain twin whose pytorch_model.bin holds `bytes`.
  std::filesystem::path with_bytes(const std::string& bytes) {
    const auto out = dir_ / ("damaged" + std::to_string(count_++));
    std::filesystem::create_directories(out);
    std::filesystem::copy(dir_ / "twins" / "bin" / "config.json", out / "config.json");
    test::write_file(out / "pytorch_model.bin", bytes);
    return out;
  }

  std::filesystem::path source_;
  test::TempDir dir_;
  std::string good_;
  int count_ = 0;
};

TEST_F(DamagedBin, TruncatedFilesAreOneLineErrors) {
  for (int tenth = 0; tenth < 10; ++tenth) {
    SCOPED_TRACE(tenth);
    const auto dir = with_bytes(good_.substr(0, good_.size() * tenth / 10));
    expect_one_line_error(dir, {"pytorch_model.bin"});
  }
  expect_one_line_error(with_bytes(good_.substr(0, good_.size() - 1)), {"truncated"});
}

TEST_F(DamagedBin, CorruptedTensorBytesFailTheirChecksum) {
  std::string bytes = good_;
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
  expect_one_line_error(with_bytes(bytes), {"CRC-32 mismatch"});
}

TEST_F(DamagedBin, EverySingleByteFlipLoadsOrIsAnErrorNeverACrash) {
  // The structural parts: the first local header and data.pkl, and the central directory at the end.
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < 1500 && i < good_.size(); i += 3) positions.push_back(i);
  for (std::size_t i = good_.size() > 1500 ? good_.size() - 1500 : 0; i < good_.size(); i += 3) positions.push_back(i);
  int errors = 0;
  for (const auto at : positions) {
    std::string bytes = good_;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x5a);
    const auto dir = with_bytes(bytes);
    try {
      load_all(dir);
    } catch (const Error& e) {
      ++errors;
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
  }
  EXPECT_GT(errors, static_cast<int>(positions.size()) / 2) << "most flips in the structure must be detected";
}

}  // namespace
}  // namespace dt
