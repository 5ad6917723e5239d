// vocab.json + merges.txt directories (transformers' slow GPT2Tokenizer layout): OPT-style add_bos_token prepends
// the BOS only with add_special_tokens, special tokens named in tokenizer_config.json (string or {"content"}) and
// special_tokens_map.json are cut out of the text, and GPT-2 defaults apply without a config.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dt/text/byte_level.h"
#include "dt/text/tokenizer.h"
#include "test_support.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;

// OPT's layout: four special tokens first, then the 256 byte tokens, then the merges' results.
constexpr std::int64_t kS = 0, kPad = 1, kEndOfSequence = 2, kUnk = 3, kFirstByte = 4;
constexpr std::int64_t kHe = 260, kLl = 261, kHell = 262, kHello = 263;

std::int64_t byte_id(unsigned char byte) {
  const auto& alphabet = text::byte_level_alphabet();
  return kFirstByte + (std::find(alphabet.begin(), alphabet.end(), byte) - alphabet.begin());
}

void write_opt_style_files(const test::TempDir& dir) {
  nlohmann::json vocab = {{"<s>", kS}, {"<pad>", kPad}, {"</s>", kEndOfSequence}, {"<unk>", kUnk}};
  for (const std::uint8_t byte : text::byte_level_alphabet()) vocab[text::byte_symbol_utf8(byte)] = byte_id(byte);
  vocab["he"] = kHe;
  vocab["ll"] = kLl;
  vocab["hell"] = kHell;
  vocab["hello"] = kHello;
  test::write_file(dir / "vocab.json", vocab.dump());
  test::write_file(dir / "merges.txt", "#version: 0.2\nh e\nl l\nhe ll\nhell o\n");
}

TEST(VocabMergesFiles, AddBosTokenPrependsTheBos) {
  test::TempDir dir;
  write_opt_style_files(dir);
  test::write_file(dir / "tokenizer_config.json", R"({
    "add_bos_token": true,
    "bos_token": {"__type": "AddedToken", "content": "</s>", "lstrip": false, "normalized": true, "rstrip": false,
                  "single_word": false},
    "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "</s>", "errors": "replace"})");
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->encode("hello", true), (Ids{kEndOfSequence, kHello}));
  EXPECT_EQ(tokenizer->encode("hello", false), (Ids{kHello}));
  EXPECT_EQ(tokenizer->encode("a</s>b", false), (Ids{byte_id('a'), kEndOfSequence, byte_id('b')}));
  EXPECT_EQ(tokenizer->bos_id(), kEndOfSequence);
  EXPECT_EQ(tokenizer->eos_id(), kEndOfSequence);
  EXPECT_EQ(tokenizer->pad_id(), kPad);
  EXPECT_EQ(tokenizer->vocab_size(), kHello + 1);
  EXPECT_EQ(tokenizer->files().size(), 3u);
}

TEST(VocabMergesFiles, SpecialTokensMapOverridesTheConfig) {
  test::TempDir dir;
  write_opt_style_files(dir);
  test::write_file(dir / "tokenizer_config.json", R"({"add_bos_token": false, "pad_token": "<pad>"})");
  test::write_file(dir / "special_tokens_map.json",
                   R"({"bos_token": "<s>", "eos_token": "</s>", "pad_token": {"content": "<unk>"},
                       "additional_special_tokens": ["<pad>"]})");
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->encode("hello", true), (Ids{kHello}));
  EXPECT_EQ(tokenizer->bos_id(), kS);
  EXPECT_EQ(tokenizer->eos_id(), kEndOfSequence);
  EXPECT_EQ(tokenizer->pad_id(), kUnk);
  EXPECT_EQ(tokenizer->encode("<s>x<pad>", false), (Ids{kS, byte_id('x'), kPad}));
  EXPECT_EQ(tokenizer->files().size(), 4u);
}

TEST(VocabMergesFiles, Gpt2DefaultsWithoutAConfig) {
  test::TempDir dir;
  write_opt_style_files(dir);
  // No "<|endoftext|>" in this vocabulary: GPT-2's default special token has no id here.
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->bos_id(), std::nullopt);
  EXPECT_EQ(tokenizer->encode("hello", true), (Ids{kHello}));
  EXPECT_EQ(tokenizer->encode("<s>", false), (Ids{byte_id('<'), byte_id('s'), byte_id('>')}));
  EXPECT_EQ(tokenizer->decode({kHello, byte_id(' '), kS}), "hello <s>");
}

}  // namespace
}  // namespace dt
