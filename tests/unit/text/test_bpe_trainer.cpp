// The byte-level BPE trainer: the files it writes load back with load_tokenizer, have the promised layout (GPT-2's:
// bytes, merges, "<|endoftext|>" last; OPT's: <s> <pad> </s> <unk>, bytes, merges, BOS added by default), are
// deterministic, and decode(encode(x)) == x for any UTF-8 text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dt/text/bpe_trainer.h"
#include "dt/text/byte_level.h"
#include "dt/text/tokenizer.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

const std::vector<std::string> kTexts = {
    "Review: a charming and often affecting journey.\nSentiment: positive",
    "Review: unflinchingly bleak and desperate\nSentiment: negative",
    "Review: the acting, costumes, music and sound are all astounding.\nSentiment: positive",
    "Review: it's slow -- very, very slow.\nSentiment: negative",
};

TEST(BpeTrainer, WritesALoadableGpt2StyleDirectory) {
  test::TempDir dir;
  train_byte_level_bpe(kTexts, 320, dir.path());
  const auto vocab = nlohmann::json::parse(test::read_file(dir / "vocab.json"));
  ASSERT_EQ(vocab.size(), 320u);
  const auto& alphabet = text::byte_level_alphabet();
  for (std::size_t i = 0; i < alphabet.size(); ++i) EXPECT_EQ(vocab.at(text::byte_symbol_utf8(alphabet[i])), i);
  EXPECT_EQ(vocab.at("<|endoftext|>"), 319);
  EXPECT_TRUE(test::read_file(dir / "merges.txt").starts_with("#version: 0.2\n"));

  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->vocab_size(), 320);
  EXPECT_EQ(tokenizer->bos_id(), 319);
  EXPECT_EQ(tokenizer->eos_id(), 319);
  EXPECT_EQ(tokenizer->pad_id(), std::nullopt);
  const auto ids = tokenizer->encode(kTexts[0], true);
  EXPECT_LT(ids.size(), kTexts[0].size() / 2);  // the merges were learned from this text
  EXPECT_NE(ids.front(), 319);                  // no BOS added, as for GPT-2
  EXPECT_TRUE(std::all_of(ids.begin(), ids.end(), [](std::int64_t id) { return id >= 0 && id < 320; }));
  EXPECT_EQ(tokenizer->encode("x<|endoftext|>", false).back(), 319);
}

TEST(BpeTrainer, WritesOptsSpecialTokenLayout) {
  test::TempDir dir;
  train_byte_level_bpe(kTexts, 320, dir.path(), BpeConvention::Opt);
  const auto vocab = nlohmann::json::parse(test::read_file(dir / "vocab.json"));
  ASSERT_EQ(vocab.size(), 320u);
  EXPECT_EQ(vocab.at("<s>"), 0);
  EXPECT_EQ(vocab.at("<pad>"), 1);
  EXPECT_EQ(vocab.at("</s>"), 2);
  EXPECT_EQ(vocab.at("<unk>"), 3);
  EXPECT_FALSE(vocab.contains("<|endoftext|>"));
  const auto& alphabet = text::byte_level_alphabet();
  for (std::size_t i = 0; i < alphabet.size(); ++i) EXPECT_EQ(vocab.at(text::byte_symbol_utf8(alphabet[i])), i + 4);

  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->bos_id(), 2);
  EXPECT_EQ(tokenizer->eos_id(), 2);
  EXPECT_EQ(tokenizer->pad_id(), 1);
  const auto plain = tokenizer->encode(kTexts[1], false);
  auto with_bos = plain;
  with_bos.insert(with_bos.begin(), 2);
  EXPECT_EQ(tokenizer->encode(kTexts[1], true), with_bos);  // OPT: </s> before the default encoding only
  EXPECT_NE(plain.front(), 2);
  EXPECT_LT(plain.size(), kTexts[1].size() / 2);
  EXPECT_EQ(tokenizer->decode(plain), kTexts[1]);
}

TEST(BpeTrainer, RoundTripsAnyUtf8) {
  test::TempDir dir;
  train_byte_level_bpe(kTexts, 300, dir.path());
  const auto tokenizer = load_tokenizer(dir.path());
  for (const std::string text :
       {"", "Review: never seen words\nSentiment: neutral", "日本語 😀👍🏽 naïve café", "  \t\n\n spaces  ",
        "\x7f\x01 control \u00a0 \u2028", "<|endoftext|>a"}) {
    EXPECT_EQ(tokenizer->decode(tokenizer->encode(text, false)), text);
    EXPECT_EQ(tokenizer->decode(tokenizer->encode(text, true)), text);
  }
}

TEST(BpeTrainer, IsDeterministic) {
  test::TempDir first, second;
  train_byte_level_bpe(kTexts, 300, first.path());
  train_byte_level_bpe(kTexts, 300, second.path());
  for (const char* name : {"vocab.json", "merges.txt", "tokenizer_config.json"}) {
    EXPECT_EQ(test::read_file(first / name), test::read_file(second / name)) << name;
  }
}

TEST(BpeTrainer, RejectsImpossibleSizes) {
  test::TempDir dir;
  EXPECT_THROW(train_byte_level_bpe(kTexts, 256, dir.path()), Error);
  try {
    train_byte_level_bpe({"ab ab"}, 1000, dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path().string()), std::string::npos) << e.what();
  }
  // 256 bytes and "<|endoftext|>" need no text at all; OPT's layout needs four special tokens.
  train_byte_level_bpe({}, 257, dir.path());
  EXPECT_EQ(load_tokenizer(dir.path())->encode("hi", false).size(), 2u);
  test::TempDir opt;
  EXPECT_THROW(train_byte_level_bpe({}, 259, opt.path(), BpeConvention::Opt), Error);
  train_byte_level_bpe({}, 260, opt.path(), BpeConvention::Opt);
  EXPECT_EQ(load_tokenizer(opt.path())->encode("hi", true).size(), 3u);
}

}  // namespace
}  // namespace dt
