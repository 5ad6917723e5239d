// dt-mkmodel's bad options: one error line naming the option, a non-zero exit status, and nothing on disk.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>

#include "../test_support.h"

namespace dt {
namespace {

struct Run {
  int status = -1;
  std::string output;
};

Run run_mkmodel(const std::string& args) {
  const auto command = (test::build_bin_dir() / "dt-mkmodel").string() + " " + args + " 2>&1";
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(DtMkmodelCli, BadOptionsAreOneLineNamingTheOption) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--hidden 1000000000",
       "--hidden: the weights would need more than 2^64 bytes, over the limit of 8589934592 bytes for synthetic "
       "models"},
      {"--hidden 100000",
       "--hidden: the weights would need 960318400000 bytes (240079600000 parameters in F32), over the limit of "
       "8589934592 bytes for synthetic models"},
      {"--layers 0", "--layers: must be at least 1 (got 0)"},
      {"--heads 5", "--heads: 5 heads do not divide hidden 64"},
      {"--kv-heads 3", "--kv-heads: 3 key/value heads do not divide heads 4"},
      {"--arch llama --hidden 12",
       "--heads: the head size hidden / heads = 3 must be even for llama's rotary embedding"},
      {"--vocab 2", "--vocab: must be at least 4 (got 2)"},
      {"--positions 0", "--positions: must be at least 2 (got 0)"},
      {"--std nan", "--std: must be a finite number >= 0"},
      {"--disk-dtype I32", "--disk-dtype: must be F32, F16 or BF16 (got 'I32')"},
      {"--shards 0", "--shards: must be between 1 and the model's 28 tensors (got 0)"},
      {"--bos 512", "--bos: token id 512 is outside the vocabulary of 512"},
      {"--tokenizer-kind wordpiece", "--tokenizer-kind: must be \"bpe\" or \"sentencepiece\" (got 'wordpiece')"},
      {"--arch t5",
       "--arch: unknown synthetic architecture 't5' (bloom, gemma2, gemma3_text, gpt2, gpt_neo, gpt_neox, gptj, "
       "llama, mistral, opt, opt-350m, phi3, qwen2, qwen3)"},
  };
  for (const auto& [args, message] : cases) {
    test::TempDir dir;
    const auto run = run_mkmodel(args + " --out " + (dir / "m").string());
    EXPECT_EQ(run.status, 2) << args;
    EXPECT_EQ(run.output, "dt-mkmodel: error: " + message + "\n") << args;
    EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << args;
  }
}

TEST(DtMkmodelCli, ATrainerErrorNamesTheOutputNotItsTemporary) {
  test::TempDir dir;
  const auto out = (dir / "m").string();
  const auto run = run_mkmodel("--vocab 100 --out " + out);
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.output.rfind("dt-mkmodel: error: " + out + ": ", 0), 0u) << run.output;
  EXPECT_EQ(run.output.find(".tmp."), std::string::npos) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace dt
