// tokenize_example refuses answers that are different text but the same scored tokens (they would always tie), and
// keeps answers that differ in their tokens, or that are the same text (a data question, not a tokenizer one).
#include <gtest/gtest.h>

#include "dt/cell/cell_tokens.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// One id per byte, except that every byte outside a-z, space and ':' is <unk> (id 0), as a tokenizer without those
// symbols and with an unk token encodes them.
class ByteTokenizer final : public Tokenizer {
 public:
  std::vector<std::int64_t> encode(std::string_view text, bool) const override {
    std::vector<std::int64_t> ids;
    for (const unsigned char c : text)
      ids.push_back((c >= 'a' && c <= 'z') || c == ' ' || c == ':' ? std::int64_t{c} : 0);
    return ids;
  }
  std::string decode(const std::vector<std::int64_t>&) const override { return ""; }
  std::int64_t vocab_size() const override { return 256; }
  std::optional<std::int64_t> token_to_id(std::string_view) const override { return std::nullopt; }
  std::optional<std::int64_t> bos_id() const override { return std::nullopt; }
  std::optional<std::int64_t> eos_id() const override { return std::nullopt; }
  std::optional<std::int64_t> pad_id() const override { return std::nullopt; }
  std::vector<std::filesystem::path> files() const override { return {}; }
  std::string describe() const override { return "bytes"; }
};

Example example(std::vector<std::string> choices) {
  Example e;
  e.row = 7;
  e.prompt = "sentiment:";
  e.choices = choices;
  for (const auto& c : choices) e.completions.push_back(" " + c);
  return e;
}

TEST(CellTokens, AnswersScoredOnTheSameTokensAreRefusedNamingRowAndAnswers) {
  const ByteTokenizer tokenizer;
  try {
    tokenize_example(tokenizer, example({"good", "G\xc3\xa9", "\xc3\xa9G"}), nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("row 7"), std::string::npos) << message;
    EXPECT_NE(message.find("always tie"), std::string::npos) << message;
    EXPECT_NE(message.find("\"G\xc3\xa9\""), std::string::npos) << message;
  }
}

TEST(CellTokens, DistinctTokensOrIdenticalTextPass) {
  const ByteTokenizer tokenizer;
  EXPECT_EQ(tokenize_example(tokenizer, example({"good", "bad"}), nullptr).choices.size(), 2u);
  EXPECT_EQ(tokenize_example(tokenizer, example({"same", "same"}), nullptr).choices.size(), 2u);
}

}  // namespace
}  // namespace dt
