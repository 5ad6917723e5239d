// Synthetic model specs: every field's domain and the weights' size are checked before anything is allocated, each
// problem naming its field, and the size computed from the layouts is the size generation writes.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../test_support.h"
#include "dt/config/synthetic_spec.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/util/error.h"

namespace dt {
namespace {

SyntheticModelSpec with(const std::function<void(SyntheticModelSpec&)>& edit) {
  SyntheticModelSpec spec;
  edit(spec);
  return spec;
}

struct BadSpec {
  const char* name;
  std::function<void(SyntheticModelSpec&)> edit;
  const char* field;
  const char* message_part;
};

TEST(SyntheticSpec, DefaultIsValid) { EXPECT_FALSE(find_spec_problem({}).has_value()); }

TEST(SyntheticSpec, EveryBadFieldIsNamed) {
  const std::vector<BadSpec> cases = {
      {"arch", [](auto& s) { s.arch = "t5"; }, "arch", "unknown synthetic architecture 't5'"},
      {"layers 0", [](auto& s) { s.layers = 0; }, "layers", "must be at least 1 (got 0)"},
      {"layers -3", [](auto& s) { s.layers = -3; }, "layers", "must be at least 1"},
      {"hidden 0", [](auto& s) { s.hidden = 0; }, "hidden", "must be at least 1"},
      {"heads 0", [](auto& s) { s.heads = 0; }, "heads", "must be at least 1"},
      {"heads 5", [](auto& s) { s.heads = 5; }, "heads", "5 heads do not divide hidden 64"},
      {"kv_heads -1", [](auto& s) { s.kv_heads = -1; }, "kv_heads", "must be at least 0"},
      {"kv_heads 3", [](auto& s) { s.kv_heads = 3; }, "kv_heads", "3 key/value heads do not divide heads 4"},
      {"ffn -1", [](auto& s) { s.ffn = -1; }, "ffn", "must be at least 0"},
      {"vocab 3", [](auto& s) { s.vocab = 3; }, "vocab", "must be at least 4"},
      {"positions 1", [](auto& s) { s.positions = 1; }, "positions", "must be at least 2"},
      {"hidden 2^40", [](auto& s) { s.hidden = std::int64_t{1} << 40; }, "hidden", "must be at most 2147483647"},
      {"llama odd head", [](auto& s) { s.arch = "llama", s.hidden = 12, s.heads = 4; }, "heads", "must be even"},
      {"opt-350m odd hidden", [](auto& s) { s.arch = "opt-350m", s.hidden = 9, s.heads = 3; }, "hidden", "even"},
      {"std NaN", [](auto& s) { s.std = std::nan(""); }, "std", "finite"},
      {"std -1", [](auto& s) { s.std = -1; }, "std", "finite number >= 0"},
      {"disk dtype", [](auto& s) { s.disk_dtype = "I32"; }, "disk_dtype", "must be F32, F16 or BF16 (got 'I32')"},
      {"bos", [](auto& s) { s.bos_token_id = 512; }, "bos_token_id", "outside the vocabulary of 512"},
      {"pad", [](auto& s) { s.pad_token_id = 600; }, "pad_token_id", "outside the vocabulary"},
      {"tokenizer", [](auto& s) { s.tokenizer_kind = "wordpiece"; }, "tokenizer",
       "must be \"bpe\" or \"sentencepiece\""},
      {"shards 0", [](auto& s) { s.shards = 0; }, "shards", "must be between 1 and"},
      {"shards > tensors", [](auto& s) { s.shards = 1000; }, "shards", "(got 1000)"},
      {"hidden 1e9", [](auto& s) { s.hidden = 1000000000; }, "hidden",
       "more than 2^64 bytes, over the limit of 8589934592"},
      {"hidden 1e5", [](auto& s) { s.hidden = 100000; }, "hidden",
       "need 960318400000 bytes (240079600000 parameters in F32), over the limit of 8589934592 bytes"},
      {"vocab 2^31-1", [](auto& s) { s.vocab = 2147483647; }, "vocab", "the weights would need"},
      {"layers 2^31-1", [](auto& s) { s.layers = 2147483647; }, "layers", "the weights would need"},
  };
  for (const auto& c : cases) {
    const auto problem = find_spec_problem(with(c.edit));
    ASSERT_TRUE(problem.has_value()) << c.name;
    EXPECT_EQ(problem->field, c.field) << c.name;
    EXPECT_NE(problem->message.find(c.message_part), std::string::npos) << c.name << ": " << problem->message;
  }
}

TEST(SyntheticSpec, HugeHiddenIsSizedWithoutOverflow) {
  const auto spec = with([](auto& s) { s.hidden = 100000; });
  const auto size = synthetic_size(spec);
  ASSERT_TRUE(size.has_value());
  // GPT-2: per layer 12 d^2 + 13 d, embeddings (vocab + positions) d, final norm 2 d.
  const std::uint64_t d = 100000;
  EXPECT_EQ(size->parameters, 2 * (12 * d * d + 13 * d) + (512 + 256) * d + 2 * d);
  EXPECT_EQ(size->bytes, size->parameters * 4);
  const auto overflow = with([](auto& s) { s.hidden = 2147483646, s.heads = 2, s.layers = 2147483647; });
  EXPECT_FALSE(synthetic_size(overflow).has_value());
  EXPECT_NE(find_spec_problem(overflow)->message.find("more than 2^64 bytes"), std::string::npos);
}

TEST(SyntheticSpec, SizeIsWhatGenerationWrites) {
  for (const auto& arch : synthetic_architectures()) {
    test::TempDir dir;
    auto spec = with([&](auto& s) { s.arch = arch, s.layers = 3, s.hidden = 32, s.vocab = 64, s.positions = 16; });
    spec.shards = 2;
    spec.disk_dtype = "BF16";
    write_synthetic_checkpoint(spec, dir / "m");
    std::ifstream in(dir / "m" / "model.safetensors.index.json");
    const auto index = nlohmann::json::parse(in);
    const auto size = synthetic_size(spec);
    ASSERT_TRUE(size.has_value());
    EXPECT_EQ(index["metadata"]["total_size"].get<std::uint64_t>(), size->bytes) << arch;
    EXPECT_EQ(index["weight_map"].size(), size->tensors) << arch;
  }
}

TEST(SyntheticSpec, RefusedBeforeAnythingIsWritten) {
  test::TempDir dir;
  const auto spec = with([](auto& s) { s.hidden = 1000000000; });
  try {
    write_synthetic_checkpoint(spec, dir / "m");
    FAIL() << "a 12 TB model was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind((dir / "m").string() + ": hidden: the weights would need ", 0), 0u)
        << e.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace dt
