// What the dt-sweep --check tests share: running a command and reading its lines, tiny generated models with a
// tokenizer trained on the sample data, and the repository's configs rewritten for a test directory.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/synthetic/tokenizer_corpus.h"

namespace dt::preflight_test {

inline const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

struct Run {
  int status = -1;
  std::string output;  // stdout and stderr
};

inline Run run(const std::string& command_line) {
  Run r;
  const auto command = command_line + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (pipe != nullptr && std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) r.output += buffer.data();
  const int raw = pipe == nullptr ? -1 : ::pclose(pipe);
  r.status = raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

inline std::string dt_sweep() { return (test::build_bin_dir() / "dt-sweep").string(); }

inline std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

// The one line that starts with `prefix` (fails the test when there is not exactly one).
inline std::string line_starting(const std::string& text, const std::string& prefix) {
  const auto found = lines_starting(text, prefix);
  EXPECT_EQ(found.size(), 1u) << "lines starting with '" << prefix << "' in:\n" << text;
  return found.empty() ? "" : found.front();
}

inline const std::vector<std::string> kSampleCorpus = {"sst2/train.jsonl", "sst2/validation.jsonl", "copa/train.jsonl",
                                                       "copa/validation.jsonl"};

inline SyntheticModelSpec tiny(const std::string& arch) {
  SyntheticModelSpec spec;
  spec.arch = arch;
  spec.hidden = 32;
  spec.vocab = 320;
  spec.positions = 1024;
  std::vector<std::filesystem::path> corpus;
  for (const auto& f : kSampleCorpus) corpus.push_back(kSource / "data/sample" / f);
  spec.tokenizer_texts = corpus_from_jsonl(corpus);
  return spec;
}

// configs/<config> (paper.toml by default) with another task list, seeds and shots, the repository's jobs/ and output
// in `out`.
inline std::string paper_config(const std::string& tasks, const std::filesystem::path& out,
                                const std::string& config = "paper.toml") {
  auto text = test::read_file(kSource / "configs" / config);
  const auto replace_line = [&](const std::string& key, const std::string& value) {
    text = std::regex_replace(text, std::regex("\n" + key + " = [^\n]*\n"), "\n" + key + " = " + value + "\n");
  };
  replace_line("tasks", tasks);
  replace_line("seeds", "[0]");
  replace_line("shots", "[1, 2]");
  replace_line("jobs_dir", "\"" + (kSource / "jobs").string() + "\"");
  replace_line("output", "\"" + out.string() + "\"");
  return text;
}

}  // namespace dt::preflight_test
