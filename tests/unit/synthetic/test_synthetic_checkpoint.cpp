// Synthetic checkpoints: every file is a function of the spec (two generations are byte-identical, SentencePiece's
// tokenizer.model too); a generation killed mid-way leaves a temporary that the next one removes; a directory
// records its spec and can be regenerated in place; errors name the output, never the temporary.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "../test_support.h"
#include "dt/synthetic/generation_temporaries.h"
#include "dt/synthetic/spec_record.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/util/error.h"

extern char** environ;

namespace dt {
namespace {

const std::filesystem::path kSample = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path() / "data" / "sample";

SyntheticModelSpec tiny(const std::string& arch, const std::string& tokenizer) {
  SyntheticModelSpec spec;
  spec.arch = arch;
  spec.layers = 2;
  spec.hidden = 32;
  spec.heads = 4;
  spec.vocab = 400;
  spec.positions = 64;
  spec.seed = 7;
  spec.tokenizer_kind = tokenizer;
  spec.tokenizer_texts = corpus_from_jsonl({kSample / "sst2" / "train.jsonl", kSample / "copa" / "train.jsonl"});
  return spec;
}

std::map<std::string, std::string> files_of(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files[entry.path().filename().string()] = test::read_file(entry.path());
  return files;
}

std::vector<std::string> entries_of(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

class SyntheticDeterminism : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(SyntheticDeterminism, TwoGenerationsAreByteIdentical) {
  const auto& [arch, tokenizer] = GetParam();
  test::TempDir dir;
  const auto spec = tiny(arch, tokenizer);
  write_synthetic_checkpoint(spec, dir / "a");
  write_synthetic_checkpoint(spec, dir / "sub-b");  // another path: nothing path-dependent may be recorded
  const auto a = files_of(dir / "a"), b = files_of(dir / "sub-b");
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, bytes] : a) {
    ASSERT_TRUE(b.contains(name)) << name;
    EXPECT_TRUE(bytes == b.at(name)) << name << " differs between two generations of one spec";
  }
  EXPECT_TRUE(a.contains(tokenizer == "sentencepiece" ? "tokenizer.model" : "vocab.json"));
  EXPECT_TRUE(a.contains(kSpecRecordFile));
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, SyntheticDeterminism,
                         ::testing::Values(std::make_pair("gpt2", "bpe"), std::make_pair("opt", "bpe"),
                                           std::make_pair("llama", "sentencepiece")));

TEST(SyntheticTemporaries, ADeadGenerationsTemporaryIsRemovedByTheNextOne) {
  test::TempDir dir;
  auto stale = dir / "m";
  stale += ".tmp." + std::to_string(dead_pid());
  std::filesystem::create_directories(stale);
  test::write_file(stale / "model.safetensors", "half written");
  auto live = dir / "m";
  live += ".tmp." + std::to_string(::getppid());  // a running process's: maybe still generating, left alone
  std::filesystem::create_directories(live);
  auto other = dir / "m2";
  other += ".tmp." + std::to_string(dead_pid());  // another target's
  std::filesystem::create_directories(other);
  write_synthetic_checkpoint(tiny("gpt2", "bpe"), dir / "m");
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_TRUE(std::filesystem::exists(other));
  EXPECT_EQ(remove_stale_generation_temporaries(dir / "m2"), 1u);
  EXPECT_EQ(entries_of(dir.path()).size(), 2u);  // m and the live temporary
}

TEST(SyntheticTemporaries, AGenerationKilledMidWayLeavesNothingAfterTheNextRun) {
  test::TempDir dir;
  const auto out = dir / "big";
  const auto tool = (test::build_bin_dir() / "dt-mkmodel").string();
  // Large enough to take a while (about 100 M parameters), well under the synthetic-model limit.
  std::vector<std::string> args = {tool,  "--arch",  "gpt2", "--layers",       "16",    "--hidden",
                                   "768", "--vocab", "4096", "--no-tokenizer", "--out", out.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t child = 0;
  ASSERT_EQ(::posix_spawn(&child, tool.c_str(), nullptr, nullptr, argv.data(), environ), 0);
  auto temp = out;
  temp += ".tmp." + std::to_string(child);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!std::filesystem::exists(temp) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "dt-mkmodel finished before it could be killed mid-way";
  ASSERT_TRUE(std::filesystem::exists(temp));
  ASSERT_FALSE(std::filesystem::exists(out));

  write_synthetic_checkpoint(tiny("gpt2", "bpe"), out);
  EXPECT_EQ(entries_of(dir.path()), std::vector<std::string>{"big"});
}

TEST(SyntheticRecord, TellsCurrentChangedUnrecordedAndMissing) {
  test::TempDir dir;
  auto spec = tiny("gpt2", "bpe");
  EXPECT_EQ(generated_state(spec, dir / "m"), GeneratedState::Missing);
  write_synthetic_checkpoint(spec, dir / "m");
  EXPECT_EQ(generated_state(spec, dir / "m"), GeneratedState::Current);
  auto other_seed = spec;
  other_seed.seed = 8;
  EXPECT_EQ(generated_state(other_seed, dir / "m"), GeneratedState::Changed);
  auto other_corpus = spec;
  other_corpus.tokenizer_texts.pop_back();
  EXPECT_EQ(generated_state(other_corpus, dir / "m"), GeneratedState::Changed);
  auto other_kind = spec;
  other_kind.tokenizer_kind = "sentencepiece";
  EXPECT_EQ(generated_state(other_kind, dir / "m"), GeneratedState::Changed);
  std::filesystem::remove(dir / "m" / kSpecRecordFile);
  EXPECT_EQ(generated_state(spec, dir / "m"), GeneratedState::Unrecorded);
}

TEST(SyntheticRecord, ReplacingSwapsInTheNewSpecsModelAndLeavesNothingElse) {
  test::TempDir dir;
  auto old_spec = tiny("gpt2", "bpe");
  write_synthetic_checkpoint(old_spec, dir / "m");
  auto new_spec = old_spec;
  new_spec.layers = 3;
  replace_synthetic_checkpoint(new_spec, dir / "m");
  write_synthetic_checkpoint(new_spec, dir / "fresh");
  EXPECT_TRUE(files_of(dir / "m") == files_of(dir / "fresh"));
  EXPECT_EQ(generated_state(new_spec, dir / "m"), GeneratedState::Current);
  EXPECT_EQ(entries_of(dir.path()), (std::vector<std::string>{"fresh", "m"}));
}

TEST(SyntheticErrors, ATrainerErrorNamesTheOutputAndLeavesNothing) {
  test::TempDir dir;
  auto spec = tiny("gpt2", "bpe");
  spec.vocab = 100;  // below the byte alphabet
  try {
    write_synthetic_checkpoint(spec, dir / "m");
    FAIL() << "a 100-token byte-level BPE was accepted";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind((dir / "m").string(), 0), 0u) << message;
    EXPECT_EQ(message.find(".tmp."), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(SyntheticErrors, ExistingOutputIsRefused) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "m");
  EXPECT_THROW(write_synthetic_checkpoint(tiny("gpt2", "bpe"), dir / "m"), Error);
  EXPECT_EQ(entries_of(dir.path()), std::vector<std::string>{"m"});
}

}  // namespace
}  // namespace dt
