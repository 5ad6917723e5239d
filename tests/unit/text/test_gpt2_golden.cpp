// GPT-2 exactness: the 6,628 golden cases of ../shared/golden/tokenizer/gpt2_cases.json (ids from OpenAI's
// r50k_base, Unicode edge cases included) through both loaders (vocab.json + merges.txt, and a tokenizer.json
// built here from the same files), plus decode round trips and GPT-2's special ids.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "dt/text/tokenizer.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

struct GoldenCase {
  std::string text;
  std::vector<std::int64_t> ids;
};

std::vector<GoldenCase> read_cases(const std::filesystem::path& path) {
  const auto root = nlohmann::json::parse(test::read_file(path));
  std::vector<GoldenCase> cases;
  for (const auto& entry : root.at("cases")) {
    cases.push_back({entry.at("text").get<std::string>(), entry.at("ids").get<std::vector<std::int64_t>>()});
  }
  return cases;
}

std::string show(const std::vector<std::int64_t>& ids) {
  std::ostringstream out;
  for (std::size_t i = 0; i < ids.size(); ++i) out << (i ? "," : "") << ids[i];
  return "[" + out.str() + "]";
}

// Every case must match; the failure message counts the mismatches and shows the first five.
void expect_all_golden_cases(const Tokenizer& tokenizer, const std::vector<GoldenCase>& cases) {
  std::size_t mismatches = 0;
  std::ostringstream first;
  for (const auto& golden : cases) {
    const auto ids = tokenizer.encode(golden.text, /*add_special_tokens=*/false);
    if (ids == golden.ids) continue;
    if (++mismatches <= 5) {
      first << "\n  " << nlohmann::json(golden.text).dump() << "\n    expected " << show(golden.ids)
            << "\n    got      " << show(ids);
    }
  }
  EXPECT_EQ(mismatches, 0u) << mismatches << " of " << cases.size() << " cases differ; first ones:" << first.str();
  std::cout << "[ golden   ] " << cases.size() - mismatches << " of " << cases.size() << " GPT-2 cases match\n";
}

// GPT-2's tokenizer.json as HF ships it, assembled from vocab.json + merges.txt.
void write_gpt2_tokenizer_json(const std::filesystem::path& gpt2_dir, const std::filesystem::path& out_dir) {
  nlohmann::json merges = nlohmann::json::array();
  std::istringstream lines(test::read_file(gpt2_dir / "merges.txt"));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && !line.starts_with("#version")) merges.push_back(line);
  }
  const nlohmann::json tokenizer = {
      {"version", "1.0"},
      {"added_tokens",
       {{{"id", 50256},
         {"content", "<|endoftext|>"},
         {"single_word", false},
         {"lstrip", false},
         {"rstrip", false},
         {"normalized", true},
         {"special", true}}}},
      {"normalizer", nullptr},
      {"pre_tokenizer",
       {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
      {"post_processor",
       {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}}},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
      {"model",
       {{"type", "BPE"},
        {"dropout", nullptr},
        {"unk_token", nullptr},
        {"continuing_subword_prefix", ""},
        {"end_of_word_suffix", ""},
        {"fuse_unk", false},
        {"vocab", nlohmann::json::parse(test::read_file(gpt2_dir / "vocab.json"))},
        {"merges", merges}}}};
  test::write_file(out_dir / "tokenizer.json", tokenizer.dump());
}

TEST(Gpt2Golden, VocabMergesMatchesEveryCase) {
  DT_REQUIRE_SHARED(cases_path, "golden/tokenizer/gpt2_cases.json");
  DT_REQUIRE_SHARED(gpt2_dir, "tokenizers/gpt2");
  const auto cases = read_cases(cases_path);
  ASSERT_EQ(cases.size(), 6628u);
  expect_all_golden_cases(*load_tokenizer(gpt2_dir), cases);
}

TEST(Gpt2Golden, TokenizerJsonMatchesEveryCase) {
  DT_REQUIRE_SHARED(cases_path, "golden/tokenizer/gpt2_cases.json");
  DT_REQUIRE_SHARED(gpt2_dir, "tokenizers/gpt2");
  test::TempDir dir;
  write_gpt2_tokenizer_json(gpt2_dir, dir.path());
  const auto tokenizer = load_tokenizer(dir.path());
  EXPECT_EQ(tokenizer->describe(), "byte-level BPE (tokenizer.json, 50257 tokens)");
  expect_all_golden_cases(*tokenizer, read_cases(cases_path));
  EXPECT_EQ(tokenizer->encode("a<|endoftext|>b", false), (std::vector<std::int64_t>{64, 50256, 65}));
  EXPECT_EQ(tokenizer->bos_id(), 50256);
  EXPECT_EQ(tokenizer->eos_id(), 50256);
}

TEST(Gpt2Golden, DecodeRoundTripsEveryCase) {
  DT_REQUIRE_SHARED(cases_path, "golden/tokenizer/gpt2_cases.json");
  DT_REQUIRE_SHARED(gpt2_dir, "tokenizers/gpt2");
  const auto tokenizer = load_tokenizer(gpt2_dir);
  std::size_t failures = 0;
  for (const auto& golden : read_cases(cases_path)) {
    if (tokenizer->decode(golden.ids) != golden.text && ++failures <= 3) ADD_FAILURE() << golden.text;
  }
  EXPECT_EQ(failures, 0u);
}

TEST(Gpt2Golden, SpecialTokensOfTheVocabMergesDirectory) {
  DT_REQUIRE_SHARED(gpt2_dir, "tokenizers/gpt2");
  const auto tokenizer = load_tokenizer(gpt2_dir);
  EXPECT_EQ(tokenizer->vocab_size(), 50257);
  EXPECT_EQ(tokenizer->bos_id(), 50256);
  EXPECT_EQ(tokenizer->eos_id(), 50256);
  EXPECT_EQ(tokenizer->pad_id(), std::nullopt);
  EXPECT_EQ(tokenizer->token_to_id("<|endoftext|>"), 50256);
  EXPECT_EQ(tokenizer->token_to_id("Ġthe"), 262);
  EXPECT_EQ(tokenizer->token_to_id("not a token"), std::nullopt);
  // GPT-2 adds nothing, with or without add_special_tokens; its end-of-text marker is cut out of the text.
  EXPECT_EQ(tokenizer->encode("hello world", true), (std::vector<std::int64_t>{31373, 995}));
  EXPECT_EQ(tokenizer->encode("a<|endoftext|>b", false), (std::vector<std::int64_t>{64, 50256, 65}));
  EXPECT_EQ(tokenizer->decode({64, 50256, 65}), "a<|endoftext|>b");
  EXPECT_EQ(tokenizer->describe(), "byte-level BPE (vocab.json + merges.txt, 50257 tokens)");
  ASSERT_EQ(tokenizer->files().size(), 2u);
  EXPECT_EQ(tokenizer->files()[0].filename(), "vocab.json");
  EXPECT_EQ(tokenizer->files()[1].filename(), "merges.txt");
}

TEST(Gpt2Golden, DecodeReplacesIllFormedUtf8AndRejectsUnknownIds) {
  DT_REQUIRE_SHARED(gpt2_dir, "tokenizers/gpt2");
  const auto tokenizer = load_tokenizer(gpt2_dir);
  // "😀" is 4 bytes spread over several tokens; the first token alone is an incomplete sequence.
  const auto ids = tokenizer->encode("😀", false);
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(tokenizer->decode(ids), "😀");
  EXPECT_EQ(tokenizer->decode({ids[0]}), "\uFFFD");
  EXPECT_THROW(tokenizer->decode({50257}), Error);
  EXPECT_THROW(tokenizer->decode({-1}), Error);
}

}  // namespace
}  // namespace dt
