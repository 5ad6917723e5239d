// dt-run end to end on the shipped sample data with a generated model and tokenizer: both scoring modes give the
// same scores on whole cells (single- and multi-token choices), a rerun is skipped, and bad input is one error
// line with a non-zero exit status and nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "../test_support.h"
#include "dt/results/hdf5_file.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/text/tokenizer.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

struct Run {
  int status = 0;
  std::string output;  // stdout and stderr
};

Run run(const std::string& args) {
  Run r;
  const auto command = (test::build_bin_dir() / "dt-run").string() + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (pipe != nullptr && std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) r.output += buffer.data();
  r.status = pipe == nullptr ? -1 : ::pclose(pipe);
  return r;
}

class DtRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    for (const auto& [name, positions] : {std::pair{"model", 1024}, std::pair{"short", 24}}) {
      SyntheticModelSpec spec;
      spec.arch = "gpt2";
      spec.hidden = 32;
      spec.vocab = 300;
      spec.positions = positions;
      spec.tokenizer_texts =
          corpus_from_jsonl({kSource / "data/sample/sst2/train.jsonl", kSource / "data/sample/copa/train.jsonl"});
      write_synthetic_checkpoint(spec, *dir_ / name);
    }
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string cell_args(const std::string& task, const std::string& model = "model") {
    return "--model " + (*dir_ / model).string() + " --task " + (kSource / "jobs" / (task + ".toml")).string() +
           " --data-root " + (kSource / "data/sample").string() + " --k 2 --steps 3 --threads 1";
  }

  static test::TempDir* dir_;
};

test::TempDir* DtRun::dir_ = nullptr;

TEST_F(DtRun, FastAndReferenceModesAgreeOnWholeCells) {
  for (const std::string task : {"sst2", "copa"}) {
    const auto fast = *dir_ / (task + "-fast.h5"), reference = *dir_ / (task + "-reference.h5");
    ASSERT_EQ(run(cell_args(task) + " --output " + fast.string()).status, 0);
    const auto r = run(cell_args(task) + " --scoring reference --output " + reference.string());
    ASSERT_EQ(r.status, 0) << r.output;
    const auto a = Hdf5File::open_read(fast), b = Hdf5File::open_read(reference);
    EXPECT_NE(a.string_attribute("/", "key"), b.string_attribute("/", "key"));  // the scoring mode is part of the key
    for (const char* name : {"/scores/lm_log_p", "/scores/norm_lm_log_p"}) {
      const auto x = a.read_double(name), y = b.read_double(name);
      ASSERT_EQ(x.dims, y.dims);
      ASSERT_EQ(x.dims[0], 3);
      for (std::size_t i = 0; i < x.values.size(); ++i) {
        if (std::isnan(y.values[i])) continue;
        EXPECT_LE(std::fabs(x.values[i] - y.values[i]), 1e-4 + 1e-4 * std::fabs(y.values[i]))
            << task << " " << name << " " << i;
      }
    }
    EXPECT_EQ(a.read_int("/predictions/lm_log_p").values, b.read_int("/predictions/lm_log_p").values) << task;
    EXPECT_EQ(a.read_int("/predictions/norm_lm_log_p").values, b.read_int("/predictions/norm_lm_log_p").values) << task;
  }
}

TEST_F(DtRun, LlamaWithASentencePieceTokenizerRunsBesideLibTorch) {
  // libsentencepiece and LibTorch each bring a protobuf; dt keeps them apart (see sentencepiece_module.h). This test
  // binary and dt-run both load LibTorch.
  SyntheticModelSpec spec;
  spec.arch = "llama";
  spec.hidden = 32;
  spec.kv_heads = 2;
  spec.vocab = 400;
  spec.positions = 1024;
  spec.tokenizer_kind = "sentencepiece";
  spec.tokenizer_texts =
      corpus_from_jsonl({kSource / "data/sample/copa/train.jsonl", kSource / "data/sample/copa/validation.jsonl"});
  write_synthetic_checkpoint(spec, *dir_ / "llama-sp");
  ASSERT_TRUE(std::filesystem::exists(*dir_ / "llama-sp" / "tokenizer.model"));
  const auto tokenizer = load_tokenizer(*dir_ / "llama-sp");
  const auto ids = tokenizer->encode("The glass fell off the table because", true);
  ASSERT_GT(ids.size(), 2u);
  EXPECT_EQ(ids.front(), 1);  // LLaMA's BOS
  const auto r = run("--model " + (*dir_ / "llama-sp").string() + " --task " + (kSource / "jobs/copa.toml").string() +
                     " --data-root " + (kSource / "data/sample").string() + " --steps 2 --output " +
                     (*dir_ / "llama-sp.h5").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(*dir_ / "llama-sp.h5"));
}

TEST_F(DtRun, ExecutionSettingsAreRecordedAndOnlyInt8WeightsEnterTheKey) {
  const auto plain = *dir_ / "exec-plain.h5", small = *dir_ / "exec-small.h5", int8 = *dir_ / "exec-int8.h5";
  ASSERT_EQ(run(cell_args("copa") + " --output " + plain.string()).status, 0);
  auto r = run(cell_args("copa") + " --tokens-per-forward 16 --attention matmul --output " + small.string());
  ASSERT_EQ(r.status, 0) << r.output;
  r = run(cell_args("copa") + " --weights int8 --output " + int8.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto a = Hdf5File::open_read(plain), b = Hdf5File::open_read(small), c = Hdf5File::open_read(int8);
  const auto execution = [](const Hdf5File& f) {
    return nlohmann::json::parse(f.string_attribute("/", "execution").value());
  };
  EXPECT_EQ(
      execution(a),
      (nlohmann::json{{"device", "cpu"}, {"attention", "matmul"}, {"weights", "native"}, {"tokens_per_forward", 384}}));
  EXPECT_EQ(execution(b).at("tokens_per_forward"), 16);
  EXPECT_EQ(execution(c).at("weights"), "int8");
  // run settings: the same key and the same numbers up to float noise (other packs); int8: another key
  EXPECT_EQ(a.string_attribute("/", "key"), b.string_attribute("/", "key"));
  EXPECT_NE(a.string_attribute("/", "key"), c.string_attribute("/", "key"));
  EXPECT_EQ(nlohmann::json::parse(c.string_attribute("/", "config").value()).at("weights"), "int8");
  EXPECT_FALSE(nlohmann::json::parse(a.string_attribute("/", "config").value()).contains("weights"));
  const auto x = a.read_double("/scores/lm_log_p"), y = b.read_double("/scores/lm_log_p"),
             z = c.read_double("/scores/lm_log_p");
  ASSERT_EQ(x.values.size(), z.values.size());
  double int8_worst = 0;
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    EXPECT_LE(std::fabs(x.values[i] - y.values[i]), 1e-4 + 1e-4 * std::fabs(x.values[i])) << i;
    int8_worst = std::max(int8_worst, std::fabs(x.values[i] - z.values[i]) / (0.6 + 0.06 * std::fabs(x.values[i])));
  }
  EXPECT_GT(int8_worst, 0.0);  // int8 weights change the numbers ...
  EXPECT_LE(int8_worst, 1.0);  // ... within their golden tolerance (golden_precision.h)
}

TEST_F(DtRun, RerunIsSkippedAndAnotherConfigurationIsRefused) {
  const auto out = *dir_ / "rerun.h5";
  ASSERT_EQ(run(cell_args("sst2") + " --output " + out.string()).status, 0);
  const auto again = run(cell_args("sst2") + " --output " + out.string());
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.output.find("nothing to do"), std::string::npos) << again.output;
  const auto other = run(cell_args("sst2") + " --seed 1 --output " + out.string());
  EXPECT_NE(other.status, 0);
  EXPECT_NE(other.output.find("exists with another configuration key"), std::string::npos) << other.output;
}

TEST_F(DtRun, BadInputIsOneErrorLineAndNothingWritten) {
  test::TempDir out;
  std::filesystem::create_directories(out / "data/sst2");
  std::filesystem::copy(kSource / "data/sample/sst2/train.jsonl", out / "data/sst2/train.jsonl");
  test::write_file(out / "data/sst2/validation.jsonl",
                   "{\"sentence\": \"fine\", \"label\": 1}\n{\"sentence\": \"bad\", \"label\": \n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--model " + (out / "absent").string() + " --task " + (kSource / "jobs/sst2.toml").string() + " --data-root " +
           (kSource / "data/sample").string(),
       "checkpoint directory does not exist"},
      {cell_args("sst2").replace(cell_args("sst2").find("sst2.toml"), 9, "nope.toml"), "task card not found"},
      {"--model " + (*dir_ / "model").string() + " --task " + (kSource / "jobs/sst2.toml").string() + " --data-root " +
           (out / "data").string(),
       "validation.jsonl:2: not valid JSON"},
      {cell_args("sst2", "short"), "positions"},
  };
  for (const auto& [args, needle] : cases) {
    const auto r = run(args + " --output " + (out / "cell.h5").string());
    EXPECT_NE(r.status, 0) << args;
    EXPECT_EQ(r.output.rfind("dt-run: error: ", 0), 0u) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out / "cell.h5"));
    for (const auto& entry : std::filesystem::directory_iterator(out.path()))
      EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace dt
