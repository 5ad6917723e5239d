// OPT's BOS convention from each tokenizer file set a checkpoint may carry, as transformers 4.31 resolves it: the
// default encoding (add_special_tokens = true) starts with `</s>` (2) and add_special_tokens = false adds nothing.
// Slow GPT2Tokenizer (and the fast tokenizer converted from it when there is no tokenizer.json) prepends bos_token
// when tokenizer_config.json says add_bos_token, with bos_token as special_tokens_map.json leaves it; a
// tokenizer.json decides by its post_processor alone (GPT2TokenizerFast keeps add_bos_token but never uses it).
// GPT-2's files add nothing; a non-GPT-2 tokenizer_class is an error. The vocabulary is tests/data/opt_tokenizer
// (ids in its README); expected ids are written out by hand.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "dt/text/tokenizer.h"
#include "test_support.h"

namespace dt {
namespace {

using Ids = std::vector<std::int64_t>;
using nlohmann::json;

const std::filesystem::path kOptFiles =
    std::filesystem::path(DT_TEST_JOBS_DIR).parent_path() / "tests" / "data" / "opt_tokenizer";

// "Review: good" = Rev i e w | : | Ġgood
const Ids kReviewGood = {270, 76, 72, 90, 29, 268};
constexpr std::int64_t kEndOfSequence = 2, kPad = 1;

Ids with_bos(Ids ids) {
  ids.insert(ids.begin(), kEndOfSequence);
  return ids;
}

void copy_vocab_and_merges(const test::TempDir& dir) {
  for (const char* name : {"vocab.json", "merges.txt"}) std::filesystem::copy_file(kOptFiles / name, dir / name);
}

// tokenizer.json of the same vocabulary, with `post_processor` as given.
json tokenizer_json(const json& post_processor) {
  std::ifstream vocab_in(kOptFiles / "vocab.json");
  json merges = json::array();
  std::ifstream merges_in(kOptFiles / "merges.txt");
  for (std::string line; std::getline(merges_in, line);)
    if (!line.empty() && !line.starts_with("#version")) merges.push_back(line);
  json added = json::array();
  for (const auto& [id, content] : {std::pair{0, "<s>"}, {1, "<pad>"}, {2, "</s>"}, {3, "<unk>"}}) {
    added.push_back({{"id", id},
                     {"content", content},
                     {"single_word", false},
                     {"lstrip", false},
                     {"rstrip", false},
                     {"normalized", true},
                     {"special", true}});
  }
  return {{"version", "1.0"},
          {"added_tokens", added},
          {"normalizer", nullptr},
          {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}}},
          {"post_processor", post_processor},
          {"decoder", {{"type", "ByteLevel"}}},
          {"model", {{"type", "BPE"}, {"vocab", json::parse(vocab_in)}, {"merges", merges}}}};
}

// What transformers' GPT2Converter writes for add_bos_token: single = "</s>:0 $A:0".
const json kOptTemplate = {
    {"type", "TemplateProcessing"},
    {"single", {{{"SpecialToken", {{"id", "</s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
    {"pair", json::array()},
    {"special_tokens", {{"</s>", {{"id", "</s>"}, {"ids", {kEndOfSequence}}, {"tokens", {"</s>"}}}}}}};

TEST(OptBosConvention, TokenizerConfigOnly) {
  test::TempDir dir;
  copy_vocab_and_merges(dir);
  std::filesystem::copy_file(kOptFiles / "tokenizer_config.json", dir / "tokenizer_config.json");
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->encode("Review: good", true), with_bos(kReviewGood));
  EXPECT_EQ(tokenizer->encode("Review: good", false), kReviewGood);
  EXPECT_EQ(tokenizer->encode("", true), (Ids{kEndOfSequence}));
  EXPECT_EQ(tokenizer->bos_id(), kEndOfSequence);
  EXPECT_EQ(tokenizer->pad_id(), kPad);
}

TEST(OptBosConvention, TheWholeOptFileSet) {
  test::TempDir dir;
  for (const auto& entry : std::filesystem::directory_iterator(kOptFiles))
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename().string());
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->encode("Review: good", true), with_bos(kReviewGood));
  EXPECT_EQ(tokenizer->encode("Review: good", false), kReviewGood);
  EXPECT_EQ(tokenizer->eos_id(), kEndOfSequence);
}

// add_bos_token in tokenizer_config.json, the token itself only in special_tokens_map.json as AddedToken objects:
// transformers applies the map over GPT2Tokenizer's default "<|endoftext|>" (absent here) before the BOS is added.
TEST(OptBosConvention, BosFromSpecialTokensMapAddedTokens) {
  test::TempDir dir;
  copy_vocab_and_merges(dir);
  test::write_file(dir / "tokenizer_config.json", R"({"add_bos_token": true})");
  test::write_file(dir / "special_tokens_map.json", R"({
    "bos_token": {"content": "</s>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
    "eos_token": {"content": "</s>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false},
    "pad_token": {"content": "<pad>", "lstrip": false, "normalized": true, "rstrip": false, "single_word": false}})");
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->encode("Review: good", true), with_bos(kReviewGood));
  EXPECT_EQ(tokenizer->encode("Review: good", false), kReviewGood);
  EXPECT_EQ(tokenizer->bos_id(), kEndOfSequence);
  EXPECT_EQ(tokenizer->pad_id(), kPad);
}

TEST(OptBosConvention, TokenizerJsonTemplateProcessing) {
  test::TempDir dir;
  test::write_file(dir / "tokenizer.json", tokenizer_json(kOptTemplate).dump());
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->encode("Review: good", true), with_bos(kReviewGood));
  EXPECT_EQ(tokenizer->encode("Review: good", false), kReviewGood);
  EXPECT_EQ(tokenizer->bos_id(), kEndOfSequence);  // no config: the template's leading special token
}

// A tokenizer.json beside OPT's slow files: AutoTokenizer loads the fast tokenizer from it, whose post_processor
// decides; add_bos_token in tokenizer_config.json does not add a BOS that the post_processor does not.
TEST(OptBosConvention, TokenizerJsonPostProcessorWinsOverAddBosToken) {
  for (const json& post_processor : {json(nullptr), json{{"type", "ByteLevel"}, {"trim_offsets", false}}}) {
    test::TempDir dir;
    for (const auto& entry : std::filesystem::directory_iterator(kOptFiles))
      std::filesystem::copy_file(entry.path(), dir / entry.path().filename().string());
    test::write_file(dir / "tokenizer.json", tokenizer_json(post_processor).dump());
    const auto tokenizer = load_tokenizer(dir.path());
    EXPECT_EQ(tokenizer->encode("Review: good", true), kReviewGood) << post_processor.dump();
    EXPECT_EQ(tokenizer->bos_id(), kEndOfSequence);  // named by the config, just not added
  }
  test::TempDir dir;
  test::write_file(dir / "tokenizer_config.json", R"({"add_bos_token": false})");
  test::write_file(dir / "tokenizer.json", tokenizer_json(kOptTemplate).dump());
  EXPECT_EQ(load_tokenizer(dir.path())->encode("Review: good", true), with_bos(kReviewGood));
}

// GPT-2's convention: a BOS is named but add_bos_token is absent (false), so nothing is added.
TEST(OptBosConvention, Gpt2StyleAddsNothing) {
  test::TempDir dir;
  copy_vocab_and_merges(dir);
  test::write_file(dir / "tokenizer_config.json", R"({"bos_token": "</s>", "eos_token": "</s>"})");
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->bos_id(), kEndOfSequence);
  EXPECT_EQ(tokenizer->encode("Review: good", true), kReviewGood);
  EXPECT_EQ(tokenizer->encode("Review: good", false), kReviewGood);
}

// OPT checkpoints often name the class; another class over vocab.json + merges.txt (RoBERTa wraps every sequence in
// <s> ... </s>) is an error naming the file rather than GPT-2's convention.
TEST(OptBosConvention, TokenizerClass) {
  test::TempDir dir;
  copy_vocab_and_merges(dir);
  test::write_file(dir / "tokenizer_config.json",
                   R"({"tokenizer_class": "GPT2Tokenizer", "add_bos_token": true, "bos_token": "</s>"})");
  EXPECT_EQ(load_tokenizer(dir.path())->encode("", true), (Ids{kEndOfSequence}));
  test::write_file(dir / "tokenizer_config.json", R"({"tokenizer_class": "RobertaTokenizer"})");
  try {
    load_tokenizer(dir.path());
    ADD_FAILURE() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("tokenizer_config.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tokenizer_class \"RobertaTokenizer\" is not supported"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace dt
