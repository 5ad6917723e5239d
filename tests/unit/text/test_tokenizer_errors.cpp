// Malformed tokenizer files: each one is a single-line dt::Error that names the file (and the field or line).
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "dt/text/tokenizer.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

using nlohmann::json;

// Loading `dir` must throw a one-line dt::Error containing `named` (a path) and every needle.
void expect_load_error(const test::TempDir& dir, const std::filesystem::path& named,
                       std::initializer_list<std::string> needles) {
  try {
    load_tokenizer(dir.path());
    FAIL() << "expected an error naming " << named;
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(named.string()), std::string::npos) << message;
    for (const auto& needle : needles) EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

json valid_tokenizer_json() {
  return {{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}, {"ab", 2}}}, {"merges", {"a b"}}}},
          {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
          {"added_tokens", json::array()}};
}

void write_vocab_merges(const test::TempDir& dir, const std::string& vocab, const std::string& merges) {
  test::write_file(dir / "vocab.json", vocab);
  test::write_file(dir / "merges.txt", merges);
}

TEST(TokenizerErrors, ValidBaselinesLoad) {
  test::TempDir json_dir, files_dir;
  test::write_file(json_dir / "tokenizer.json", valid_tokenizer_json().dump());
  EXPECT_EQ(load_tokenizer(json_dir.path())->encode("ab", false), (std::vector<std::int64_t>{2}));
  write_vocab_merges(files_dir, R"({"a": 0, "b": 1, "ab": 2})", "#version: 0.2\na b\n");
  EXPECT_EQ(load_tokenizer(files_dir.path())->encode("ab", false), (std::vector<std::int64_t>{2}));
}

TEST(TokenizerErrors, MissingFiles) {
  test::TempDir dir;
  expect_load_error(dir, dir.path(), {"no tokenizer.model, tokenizer.json"});
  test::write_file(dir / "vocab.json", "{}");
  expect_load_error(dir, dir / "merges.txt", {"does not exist"});
  try {
    load_tokenizer(dir / "absent");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("absent"), std::string::npos);
  }
}

TEST(TokenizerErrors, BadJson) {
  test::TempDir dir;
  test::write_file(dir / "tokenizer.json", "{\"model\": {\n  \"type\": ");
  expect_load_error(dir, dir / "tokenizer.json", {"not valid JSON"});
  test::TempDir files_dir;
  write_vocab_merges(files_dir, "[1, 2", "");
  expect_load_error(files_dir, files_dir / "vocab.json", {"not valid JSON"});
  test::TempDir config_dir;
  write_vocab_merges(config_dir, R"({"a": 0})", "");
  test::write_file(config_dir / "tokenizer_config.json", "{\"bos_token\": }");
  expect_load_error(config_dir, config_dir / "tokenizer_config.json", {"not valid JSON"});
}

TEST(TokenizerErrors, MergeNamingAnUnknownToken) {
  test::TempDir dir;
  write_vocab_merges(dir, R"({"a": 0, "b": 1, "ab": 2})", "#version: 0.2\na b\na c\n");
  expect_load_error(dir, dir / "merges.txt:3", {"'c' is not in the vocabulary"});
  test::TempDir no_result;
  write_vocab_merges(no_result, R"({"a": 0, "b": 1})", "a b\n");
  expect_load_error(no_result, no_result / "merges.txt:1", {"'ab' is not in the vocabulary"});
  test::TempDir malformed;
  write_vocab_merges(malformed, R"({"a": 0, "b": 1, "ab": 2})", "a b c\n");
  expect_load_error(malformed, malformed / "merges.txt:1", {"two tokens"});
  test::TempDir json_dir;
  json tokenizer = valid_tokenizer_json();
  tokenizer["model"]["merges"] = {"a b", json::array({"b", "zz"})};
  test::write_file(json_dir / "tokenizer.json", tokenizer.dump());
  expect_load_error(json_dir, json_dir / "tokenizer.json", {"model.merges[1]", "'zz' is not in the vocabulary"});
}

TEST(TokenizerErrors, BadVocabulary) {
  test::TempDir dir;
  write_vocab_merges(dir, R"({"a": "zero"})", "");
  expect_load_error(dir, dir / "vocab.json", {"not an integer"});
  test::TempDir repeated;
  write_vocab_merges(repeated, R"({"a": 0, "b": 0})", "");
  expect_load_error(repeated, repeated / "vocab.json", {"id 0"});
}

TEST(TokenizerErrors, UnsupportedParts) {
  const std::pair<std::function<void(json&)>, std::vector<std::string>> cases[] = {
      {[](json& t) { t["model"]["type"] = "WordPiece"; }, {"model.type", "WordPiece", "not supported"}},
      {[](json& t) {
         t["pre_tokenizer"] = {{"type", "Whitespace"}};
       },
       {"pre_tokenizer.type", "Whitespace"}},
      {[](json& t) {
         t["pre_tokenizer"] = {{"type", "Metaspace"}};
       },
       {"pre_tokenizer.replacement", "missing"}},
      {[](json& t) {
         t["pre_tokenizer"] = {{"type", "Sequence"},
                               {"pretokenizers",
                                {{{"type", "Split"}, {"pattern", {{"Regex", "(["}}}, {"behavior", "Isolated"}},
                                 {{"type", "ByteLevel"}}}}};
       },
       {"pre_tokenizer.pretokenizers[0]", "does not compile"}},
      {[](json& t) {
         t["normalizer"] = {{"type", "Lowercase"}};
       },
       {"normalizer.type", "Lowercase"}},
      {[](json& t) {
         t["post_processor"] = {{"type", "Weird"}};
       },
       {"post_processor.type", "Weird"}},
      {[](json& t) {
         t["decoder"] = {{"type", "WordPiece"}};
       },
       {"decoder.type"}},
      {[](json& t) { t["model"]["dropout"] = 0.1; }, {"model.dropout"}},
      {[](json& t) { t["model"].erase("vocab"); }, {"model.vocab", "missing"}},
      {[](json& t) {
         t["added_tokens"] = {{{"id", -1}, {"content", "x"}}};
       },
       {"added_tokens[0].id"}},
      {[](json& t) { t["model"]["unk_token"] = "<unk>"; }, {"unk_token", "<unk>"}},
      {[](json& t) {
         t["post_processor"] = {{"type", "RobertaProcessing"}, {"cls", {"a", 0}}, {"sep", {"</s>", 538}}};
       },
       {"post_processor", "token id 538"}},
      {[](json& t) {
         t["post_processor"] = {{"type", "TemplateProcessing"},
                                {"single", {{{"SpecialToken", {{"id", "<s>"}}}}, {{"Sequence", {{"id", "A"}}}}}},
                                {"special_tokens", {{"<s>", {{"ids", {99}}}}}}};
       },
       {"post_processor", "token id 99"}},
  };
  for (const auto& [edit, needles] : cases) {
    test::TempDir dir;
    json tokenizer = valid_tokenizer_json();
    edit(tokenizer);
    test::write_file(dir / "tokenizer.json", tokenizer.dump());
    try {
      load_tokenizer(dir.path());
      ADD_FAILURE() << "expected an error for " << tokenizer.dump();
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find((dir / "tokenizer.json").string()), std::string::npos) << message;
      for (const auto& needle : needles) EXPECT_NE(message.find(needle), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace dt
