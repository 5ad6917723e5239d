// tokenizer.json loading on tiny vocabularies built here: the ByteLevel pre-tokenizer with and without a prefix
// space, post-processors (TemplateProcessing, RobertaProcessing, Sequence) with and without add_special_tokens,
// added tokens (longest match first, lstrip, single_word, normalized or not), a BLOOM-style Split + ByteLevel
// sequence, every Split behaviour, and an NFC normalizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dt/text/byte_level.h"
#include "dt/text/regex_split.h"
#include "dt/text/tokenizer.h"
#include "test_support.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;
using nlohmann::json;

// Ids 0..255 are the byte tokens in GPT-2's order, 256.. the results of kMerges in order.
constexpr std::pair<const char*, const char*> kMerges[] = {{"h", "e"},     {"l", "l"}, {"he", "ll"}, {"hell", "o"},
                                                           {"Ġ", "w"},     {"o", "r"}, {"Ġw", "or"}, {"Ġwor", "l"},
                                                           {"Ġworl", "d"}, {"c", "1"}};
constexpr std::int64_t kHello = 259, kSpaceWorld = 264, kC1 = 265;
constexpr std::int64_t kBos = 266, kEos = 267, kEndOfText = 268, kMask = 269, kEnd = 270, kCat = 271;

std::int64_t byte_id(unsigned char byte) {
  const auto& alphabet = text::byte_level_alphabet();
  return std::find(alphabet.begin(), alphabet.end(), byte) - alphabet.begin();
}

Ids byte_ids(std::string_view bytes) {
  Ids ids;
  for (const char c : bytes) ids.push_back(byte_id(static_cast<unsigned char>(c)));
  return ids;
}

Ids concat(std::initializer_list<Ids> parts) {
  Ids out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

json added_token(std::int64_t id, const std::string& content, bool special, json extra = json::object()) {
  json token = {{"id", id},        {"content", content},     {"single_word", false}, {"lstrip", false},
                {"rstrip", false}, {"normalized", !special}, {"special", special}};
  token.update(extra);
  return token;
}

json tiny_tokenizer(json pre_tokenizer, json post_processor) {
  json vocab = json::object();
  for (const std::uint8_t byte : text::byte_level_alphabet()) vocab[text::byte_symbol_utf8(byte)] = vocab.size();
  json merges = json::array();
  for (const auto& [left, right] : kMerges) {
    vocab[std::string(left) + right] = vocab.size();
    merges.push_back(json::array({left, right}));
  }
  return {
      {"version", "1.0"},
      {"added_tokens",
       {added_token(kBos, "<s>", true), added_token(kEos, "</s>", true), added_token(kEndOfText, "<|endoftext|>", true),
        added_token(kMask, "<mask>", true, {{"lstrip", true}}), added_token(kEnd, "<|end", true),
        added_token(kCat, "cat", false, {{"single_word", true}})}},
      {"normalizer", nullptr},
      {"pre_tokenizer", pre_tokenizer},
      {"post_processor", post_processor},
      {"decoder", {{"type", "ByteLevel"}}},
      {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"vocab", vocab}, {"merges", merges}}}};
}

json byte_level(bool add_prefix_space, bool use_regex = true) {
  return {
      {"type", "ByteLevel"}, {"add_prefix_space", add_prefix_space}, {"trim_offsets", true}, {"use_regex", use_regex}};
}

json special_token_item(const std::string& name) { return {{"SpecialToken", {{"id", name}, {"type_id", 0}}}}; }

json template_processing(json single) {
  return {{"type", "TemplateProcessing"},
          {"single", single},
          {"pair", json::array()},
          {"special_tokens",
           {{"<s>", {{"id", "<s>"}, {"ids", {kBos}}, {"tokens", {"<s>"}}}},
            {"</s>", {{"id", "</s>"}, {"ids", {kEos}}, {"tokens", {"</s>"}}}}}}};
}

const json kSequenceA = {{"Sequence", {{"id", "A"}, {"type_id", 0}}}};

std::unique_ptr<Tokenizer> load(const test::TempDir& dir, const json& tokenizer) {
  test::write_file(dir / "tokenizer.json", tokenizer.dump());
  return load_tokenizer(dir.path());
}

TEST(TokenizerJson, TemplateProcessingAddsBosOnlyWithSpecialTokens) {
  test::TempDir dir;
  const auto tokenizer =
      load(dir, tiny_tokenizer(byte_level(false), template_processing({special_token_item("<s>"), kSequenceA})));
  EXPECT_EQ(tokenizer->encode("hello world", false), (Ids{kHello, kSpaceWorld}));
  EXPECT_EQ(tokenizer->encode("hello world", true), (Ids{kBos, kHello, kSpaceWorld}));
  EXPECT_EQ(tokenizer->encode("", true), (Ids{kBos}));
  EXPECT_EQ(tokenizer->bos_id(), kBos);
  // No config and nothing after $A in the template: the eos falls back to GPT-2's "<|endoftext|>" added token.
  EXPECT_EQ(tokenizer->eos_id(), kEndOfText);
  EXPECT_EQ(tokenizer->vocab_size(), kCat + 1);
  EXPECT_EQ(tokenizer->decode({kBos, kHello, kSpaceWorld}), "<s>hello world");
}

TEST(TokenizerJson, TemplateWithTokensOnBothSidesAndConfigNames) {
  test::TempDir dir;
  test::write_file(dir / "tokenizer_config.json", R"({"bos_token": "<s>", "eos_token": {"content": "</s>"},
                                                       "pad_token": "<|endoftext|>"})");
  const auto tokenizer = load(
      dir, tiny_tokenizer(byte_level(false),
                          template_processing({special_token_item("<s>"), kSequenceA, special_token_item("</s>")})));
  EXPECT_EQ(tokenizer->encode("hello", true), (Ids{kBos, kHello, kEos}));
  EXPECT_EQ(tokenizer->bos_id(), kBos);
  EXPECT_EQ(tokenizer->eos_id(), kEos);
  EXPECT_EQ(tokenizer->pad_id(), kEndOfText);
  ASSERT_EQ(tokenizer->files().size(), 2u);
  EXPECT_EQ(tokenizer->files()[1].filename(), "tokenizer_config.json");
}

TEST(TokenizerJson, RobertaProcessingInASequence) {
  test::TempDir dir;
  const json roberta = {{"type", "RobertaProcessing"},
                        {"sep", json::array({"</s>", kEos})},
                        {"cls", json::array({"<s>", kBos})},
                        {"trim_offsets", true},
                        {"add_prefix_space", true}};
  const json sequence = {{"type", "Sequence"}, {"processors", {byte_level(false), roberta}}};
  const auto tokenizer = load(dir, tiny_tokenizer(byte_level(true), sequence));
  // add_prefix_space: "hello" is encoded as " hello".
  EXPECT_EQ(tokenizer->encode("hello", false), (Ids{byte_id(' '), kHello}));
  EXPECT_EQ(tokenizer->encode(" hello", false), (Ids{byte_id(' '), kHello}));
  EXPECT_EQ(tokenizer->encode("hello", true), (Ids{kBos, byte_id(' '), kHello, kEos}));
  EXPECT_EQ(tokenizer->bos_id(), kBos);
  EXPECT_EQ(tokenizer->eos_id(), kEos);
  EXPECT_EQ(tokenizer->pad_id(), std::nullopt);
}

TEST(TokenizerJson, AddedTokensAreCutOutFirst) {
  test::TempDir dir;
  const auto tokenizer = load(dir, tiny_tokenizer(byte_level(false), nullptr));
  EXPECT_EQ(tokenizer->encode("a<|endoftext|>b", false), (Ids{byte_id('a'), kEndOfText, byte_id('b')}));
  EXPECT_EQ(tokenizer->encode("a<|endoftext|>b", true), (Ids{byte_id('a'), kEndOfText, byte_id('b')}));
  // Longest match first: "<|endoftext|>" wins over its prefix "<|end".
  EXPECT_EQ(tokenizer->encode("x<|endoftext|>y<|end", false), (Ids{byte_id('x'), kEndOfText, byte_id('y'), kEnd}));
  // lstrip: "<mask>" takes the space before it.
  EXPECT_EQ(tokenizer->encode("hello <mask> world", false), (Ids{kHello, kMask, kSpaceWorld}));
  // single_word: "cat" only where it is not part of a word.
  EXPECT_EQ(tokenizer->encode("cat concat cat.", false), concat({{kCat}, byte_ids(" concat "), {kCat}, byte_ids(".")}));
  EXPECT_EQ(tokenizer->token_to_id("<mask>"), kMask);
  EXPECT_EQ(tokenizer->token_to_id("hello"), kHello);
  EXPECT_EQ(tokenizer->eos_id(), kEndOfText);  // no config, no post-processor: GPT-2's "<|endoftext|>"
  EXPECT_EQ(tokenizer->decode(tokenizer->encode("a<mask>b cat", false)), "a<mask>b cat");
}

TEST(TokenizerJson, BloomStyleSplitThenByteLevel) {
  test::TempDir dir;
  const json split = {{"type", "Split"},
                      {"pattern", {{"Regex", " ?[^(\\s|[.,!?…。，、।۔،])]+"}}},
                      {"behavior", "Isolated"},
                      {"invert", false}};
  const json sequence = {{"type", "Sequence"}, {"pretokenizers", {split, byte_level(false, false)}}};
  const auto tokenizer = load(dir, tiny_tokenizer(sequence, nullptr));
  // One piece "abc123" (GPT-2's pattern would cut it before the digits), so "c" and "1" merge.
  EXPECT_EQ(tokenizer->encode("abc123", false), concat({byte_ids("ab"), {kC1}, byte_ids("23")}));
  EXPECT_EQ(tokenizer->encode("hello  world, hi", false),
            concat({{kHello}, byte_ids(" "), {kSpaceWorld}, byte_ids(","), byte_ids(" hi")}));
  const std::string text = "Ünïcödé… 。 x\n\ny";
  EXPECT_EQ(tokenizer->decode(tokenizer->encode(text, false)), text);

  // The same tokenizer with GPT-2's pattern keeps "abc" and "123" apart.
  test::TempDir gpt2_dir;
  EXPECT_EQ(load(gpt2_dir, tiny_tokenizer(byte_level(false), nullptr))->encode("abc123", false), byte_ids("abc123"));
}

TEST(TokenizerJson, NfcNormalizer) {
  test::TempDir dir;
  json tokenizer = tiny_tokenizer(byte_level(false), nullptr);
  tokenizer["normalizer"] = {{"type", "Sequence"}, {"normalizers", json::array({json{{"type", "NFC"}}})}};
  EXPECT_EQ(load(dir, tokenizer)->encode("e\u0301", false), byte_ids("\u00e9"));
}

std::vector<std::string> split_pieces(text::SplitBehavior behavior, bool invert, const std::string& pattern = "-",
                                      bool literal = false) {
  const text::RegexSplit split(pattern, literal, behavior, invert, "test");
  std::vector<std::string_view> pieces;
  split.split("the-final--countdown", pieces);
  return {pieces.begin(), pieces.end()};
}

TEST(RegexSplit, Behaviours) {
  using text::SplitBehavior;
  using Pieces = std::vector<std::string>;
  EXPECT_EQ(split_pieces(SplitBehavior::kRemoved, false), (Pieces{"the", "final", "countdown"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kIsolated, false), (Pieces{"the", "-", "final", "-", "-", "countdown"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kMergedWithPrevious, false), (Pieces{"the-", "final-", "-", "countdown"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kMergedWithNext, false), (Pieces{"the", "-final", "-", "-countdown"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kContiguous, false), (Pieces{"the", "-", "final", "--", "countdown"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kRemoved, true), (Pieces{"-", "-", "-"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kRemoved, false, "[a-z]+"), (Pieces{"-", "--"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kRemoved, false, "n", true), (Pieces{"the-fi", "al--cou", "tdow"}));
  EXPECT_EQ(split_pieces(SplitBehavior::kRemoved, false, ".", true), (Pieces{"the-final--countdown"}));
}

}  // namespace
}  // namespace dt
