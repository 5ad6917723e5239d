// demo_reorderings (cell/demo_reorderings.h) and seeded_demo_orders (task/demo_orders.h): the orders are CPython's
// random.Random(seed).shuffle, applied to a fresh list once per order (the expected lists were printed by CPython 3);
// every reordering holds the demonstration's own tokens, example by example, and `source` finds each one.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "dt/cell/demo_reorderings.h"
#include "dt/task/demo_orders.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;

// One token per byte, BOS (id 1) first when asked for; with `pairs`, one token per two bytes (a tokenizer that
// merges across any boundary that falls inside a pair).
class BytesTokenizer final : public Tokenizer {
 public:
  explicit BytesTokenizer(bool pairs) : pairs_(pairs) {}
  Ids encode(std::string_view text, bool add_special_tokens) const override {
    Ids ids;
    if (add_special_tokens) ids.push_back(1);
    for (std::size_t i = 0; i < text.size(); i += pairs_ ? 2 : 1)
      ids.push_back(256 + (pairs_ && i + 1 < text.size() ? 256 * text[i + 1] : 0) + text[i]);
    return ids;
  }
  std::string decode(const Ids& ids) const override {
    std::string out;
    for (auto id : ids) {
      if (id == 1) continue;
      out += static_cast<char>((id - 256) % 256);
      if ((id - 256) / 256) out += static_cast<char>((id - 256) / 256);
    }
    return out;
  }
  std::int64_t vocab_size() const override { return 256 * 258; }
  std::optional<std::int64_t> token_to_id(std::string_view) const override { return std::nullopt; }
  std::optional<std::int64_t> bos_id() const override { return 1; }
  std::optional<std::int64_t> eos_id() const override { return std::nullopt; }
  std::optional<std::int64_t> pad_id() const override { return std::nullopt; }
  std::vector<std::filesystem::path> files() const override { return {}; }
  std::string describe() const override { return "bytes"; }

 private:
  bool pairs_;
};

CellPrompts prompts_of(std::vector<std::string> pieces) {
  CellPrompts p;
  p.demonstration_pieces = pieces;
  for (const auto& piece : pieces) p.demonstration += piece;
  return p;
}

std::string text_in_order(const std::vector<std::string>& pieces, const Ids& order) {
  std::string out;
  for (auto i : order) out += pieces[static_cast<std::size_t>(i)];
  return out;
}

void expect_reorders(const Tokenizer& tokenizer, const std::vector<std::string>& pieces, std::uint64_t seed,
                     const std::vector<Ids>& other_orders) {
  const auto prompts = prompts_of(pieces);
  const auto demo = tokenizer.encode(prompts.demonstration, true);
  const auto reorderings = demo_reorderings(tokenizer, prompts, demo, seed, 1 + other_orders.size());
  ASSERT_EQ(reorderings.size(), other_orders.size());
  for (std::size_t r = 0; r < reorderings.size(); ++r) {
    const auto& reordering = reorderings[r];
    EXPECT_EQ(tokenizer.decode(reordering.ids), text_in_order(pieces, other_orders[r])) << r;
    ASSERT_EQ(reordering.source.size(), demo.size());
    for (std::size_t j = 0; j < demo.size(); ++j)
      EXPECT_EQ(reordering.ids.at(static_cast<std::size_t>(reordering.source[j])), demo[j]) << r << " " << j;
  }
}

TEST(DemoOrders, AreCPythonShufflesOfAFreshListAfterTheShownOrder) {
  EXPECT_EQ(seeded_demo_orders(0, 3, 3), (std::vector<Ids>{{0, 1, 2}, {0, 2, 1}, {2, 1, 0}}));
  EXPECT_EQ(seeded_demo_orders(11, 4, 3), (std::vector<Ids>{{0, 1, 2, 3}, {0, 1, 2, 3}, {1, 0, 2, 3}}));
  EXPECT_EQ(seeded_demo_orders(5, 4, 1), (std::vector<Ids>{{0, 1, 2, 3}}));
}

TEST(DemoReorderings, Gpt2TokensAreCutAtEveryExampleAndLaidOutAgain) {
  DT_REQUIRE_SHARED(gpt2_dir, "tokenizers/gpt2");
  // GPT-2 splits "\n\nReview" into "\n", "\n", "Review" but a trailing "\n\n" into one token: boundaries are found
  // on the decoded text, not by tokenizing each example alone
  const std::vector<std::string> pieces = {"Review: a good movie\nSentiment: positive\n\n",
                                           "Review: bad\nSentiment: negative\n\n",
                                           "Review: fine, fine\nSentiment: positive\n\n"};
  expect_reorders(*load_tokenizer(gpt2_dir), pieces, 0, {{0, 2, 1}, {2, 1, 0}});
}

TEST(DemoReorderings, TokensBeforeTheTextStayFirst) {
  const BytesTokenizer bytes(false);
  expect_reorders(bytes, {"ab ", "cde ", "f "}, 0, {{0, 2, 1}, {2, 1, 0}});
  const auto prompts = prompts_of({"ab ", "cde "});
  const auto reorderings = demo_reorderings(bytes, prompts, bytes.encode(prompts.demonstration, true), 0, 1);
  EXPECT_TRUE(reorderings.empty());
}

TEST(DemoReorderings, ATokenAcrossTwoExamplesOrACutDemonstrationIsRefused) {
  const BytesTokenizer pairs(true);
  const auto odd = prompts_of({"abc", "de", "f"});  // "cd" is one token
  try {
    demo_reorderings(pairs, odd, pairs.encode(odd.demonstration, true), 0, 2);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("joins demonstrations 1 and 2"), std::string::npos) << e.what();
  }
  const BytesTokenizer bytes(false);
  const auto prompts = prompts_of({"ab ", "cd "});
  auto cut = bytes.encode(prompts.demonstration, true);
  cut.erase(cut.begin(), cut.begin() + 3);
  EXPECT_THROW(demo_reorderings(bytes, prompts, cut, 0, 2), Error);
  auto repeated = prompts;
  repeated.demonstration += repeated.demonstration;
  EXPECT_THROW(demo_reorderings(bytes, repeated, bytes.encode(repeated.demonstration, true), 0, 2), Error);
}

}  // namespace
}  // namespace dt
