// dt-tokenize, run as a process: two JSON lines in, two {"ids": [...]} lines out, in order and equal to the
// library's ids; a malformed line gives "dt-tokenize: error: <stdin>:LINE: ..." and a non-zero exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dt/text/bpe_trainer.h"
#include "dt/text/tokenizer.h"
#include "test_support.h"

namespace dt {
namespace {

struct RunResult {
  int status;
  std::vector<std::string> stdout_lines;
  std::string stderr_text;
};

RunResult run_dt_tokenize(const test::TempDir& dir, const std::string& input, const std::string& flags) {
  test::write_file(dir / "in.jsonl", input);
  std::string command;
  for (const std::string& part :
       {(test::build_bin_dir() / "dt-tokenize").string(), std::string("--tokenizer"), (dir / "tokenizer").string()}) {
    command.append("'").append(part).append("' ");
  }
  command.append(flags);
  command.append(" < '").append((dir / "in.jsonl").string()).append("'");
  command.append(" > '").append((dir / "out.jsonl").string()).append("'");
  command.append(" 2> '").append((dir / "err.txt").string()).append("'");
  const int raw_status = std::system(command.c_str());
  RunResult result{WIFEXITED(raw_status) ? WEXITSTATUS(raw_status) : -1, {}, test::read_file(dir / "err.txt")};
  std::istringstream lines(test::read_file(dir / "out.jsonl"));
  for (std::string line; std::getline(lines, line);) result.stdout_lines.push_back(line);
  return result;
}

TEST(DtTokenizeCli, TwoLinesInTwoLinesOut) {
  test::TempDir dir;
  train_byte_level_bpe({"hello world, hello tokenizer", "the quick brown fox"}, 280, dir / "tokenizer");
  const auto tokenizer = load_tokenizer(dir / "tokenizer");
  const std::vector<std::string> texts = {"hello world", "naïve\n😀 \"quoted\""};
  std::string input;
  for (const auto& text : texts) input += nlohmann::json{{"text", text}}.dump() + "\n";

  for (const bool add_special_tokens : {false, true}) {
    const auto result = run_dt_tokenize(dir, input, add_special_tokens ? "--add-special-tokens" : "");
    ASSERT_EQ(result.status, 0) << result.stderr_text;
    ASSERT_EQ(result.stdout_lines.size(), texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto row = nlohmann::json::parse(result.stdout_lines[i]);
      EXPECT_EQ(row.at("ids").get<std::vector<std::int64_t>>(), tokenizer->encode(texts[i], add_special_tokens));
    }
  }
}

TEST(DtTokenizeCli, MalformedLineIsAnError) {
  test::TempDir dir;
  train_byte_level_bpe({"hello world"}, 260, dir / "tokenizer");
  const auto result = run_dt_tokenize(dir, "{\"text\": \"ok\"}\n{\"txt\": 1}\n", "");
  EXPECT_NE(result.status, 0);
  EXPECT_EQ(result.stdout_lines.size(), 1u);
  EXPECT_TRUE(result.stderr_text.starts_with("dt-tokenize: error: <stdin>:2: ")) << result.stderr_text;

  const auto not_json = run_dt_tokenize(dir, "not json\n", "");
  EXPECT_NE(not_json.status, 0);
  EXPECT_TRUE(not_json.stderr_text.starts_with("dt-tokenize: error: <stdin>:1: not valid JSON"))
      << not_json.stderr_text;
}

}  // namespace
}  // namespace dt
