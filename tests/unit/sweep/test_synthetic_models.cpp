// A sweep's [models.generate]: a missing model is generated, a model generated from another spec is regenerated
// in place (the old results' keys no longer match, so the runner sets them aside), a directory without a recorded
// spec is refused with one line, and an impossible or huge spec is an error naming its key when the file is read.
#include <gtest/gtest.h>

#include <map>

#include "../test_support.h"
#include "dt/config/sweep_config.h"
#include "dt/sweep/synthetic_models.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/util/error.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

// A grid of one generated GPT-2 model; `changes` replace or add [models.generate] keys.
std::filesystem::path write_config(const test::TempDir& dir, const std::map<std::string, std::string>& changes) {
  std::map<std::string, std::string> keys = {{"arch", "\"gpt2\""},
                                             {"layers", "1"},
                                             {"hidden", "16"},
                                             {"heads", "2"},
                                             {"vocab", "320"},
                                             {"positions", "128"},
                                             {"tokenizer_corpus", "[\"sst2/train.jsonl\"]"}};
  for (const auto& [key, value] : changes) keys[key] = value;
  std::string generate;
  for (const auto& [key, value] : keys) generate += key + " = " + value + "\n";
  const auto file = dir / "grid.toml";
  test::write_file(file, "[sweep]\noutput = \"" + (dir / "out").string() + "\"\ndata_root = \"" +
                             (kSource / "data" / "sample").string() + "\"\njobs_dir = \"" +
                             (kSource / "jobs").string() +
                             "\"\ntasks = [\"sst2\"]\nseeds = [0]\nshots = [1]\nsteps = 1\n[[models]]\nname = "
                             "\"tiny\"\npath = \"" +
                             (dir / "tiny").string() + "\"\n[models.generate]\n" + generate +
                             "[[optimizers]]\nkind = \"momentum\"\nstep_size = [0.01]\nmomentum = [0.9]\n");
  return file;
}

std::map<std::string, std::string> files_of(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files[entry.path().filename().string()] = test::read_file(entry.path());
  return files;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SweepSyntheticModels, AChangedSpecRegeneratesTheModel) {
  test::TempDir dir;
  const auto log = Log::to_stderr("test");
  const auto first = load_sweep_config(write_config(dir, {{"seed", "1"}}));
  prepare_synthetic_models(first, log);
  const auto seed1 = files_of(dir / "tiny");
  EXPECT_EQ(generated_model_state(first.models[0]), GeneratedState::Current);
  prepare_synthetic_models(first, log);  // unchanged: kept as is
  EXPECT_TRUE(files_of(dir / "tiny") == seed1);

  const auto second = load_sweep_config(write_config(dir, {{"seed", "2"}}));
  EXPECT_EQ(generated_model_state(second.models[0]), GeneratedState::Changed);
  prepare_synthetic_models(second, log);
  EXPECT_EQ(generated_model_state(second.models[0]), GeneratedState::Current);
  EXPECT_FALSE(files_of(dir / "tiny")["model.safetensors"] == seed1.at("model.safetensors"));
  write_synthetic_checkpoint(resolved_generate_spec(second.models[0]), dir / "fresh");
  EXPECT_TRUE(files_of(dir / "tiny") == files_of(dir / "fresh"));
  std::size_t temporaries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    temporaries += entry.path().filename().string().find(".tmp.") != std::string::npos;
  EXPECT_EQ(temporaries, 0u);
}

TEST(SweepSyntheticModels, ADirectoryWithoutARecordIsRefused) {
  test::TempDir dir;
  const auto sweep = load_sweep_config(write_config(dir, {}));
  std::filesystem::create_directories(dir / "tiny");
  test::write_file(dir / "tiny" / "config.json", "{}");
  const auto refusal = (dir / "tiny").string() +
                       ": exists without dt-synthetic.json, so the [models.generate] spec of model tiny cannot be "
                       "checked against it; remove it to regenerate";
  EXPECT_EQ(error_of([&] { check_synthetic_models(sweep); }), refusal);  // before the sweep creates anything
  EXPECT_EQ(error_of([&] { prepare_synthetic_models(sweep, Log::to_stderr("test")); }), refusal);
  EXPECT_EQ(files_of(dir / "tiny").size(), 1u);
}

TEST(SweepSyntheticModels, ImpossibleSpecsNameTheirKey) {
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>> cases = {
      {{{"hidden", "1000000000"}},
       "key 'models[0].generate.hidden': the weights would need more than 2^64 bytes, over the limit of 8589934592 "
       "bytes for synthetic models"},
      {{{"layers", "0"}}, "key 'models[0].generate.layers': must be at least 1 (got 0)"},
      {{{"vocab", "200000000"}}, "key 'models[0].generate.vocab': the weights would need 12800021440 bytes"},
      {{{"kv_heads", "3"}}, "key 'models[0].generate.kv_heads': 3 key/value heads do not divide heads 2"},
  };
  for (const auto& [changes, message] : cases) {
    test::TempDir dir;
    const auto file = write_config(dir, changes);
    const auto error = error_of([&] { load_sweep_config(file); });
    EXPECT_EQ(error.rfind(file.string() + ": " + message, 0), 0u) << error;
    EXPECT_FALSE(std::filesystem::exists(dir / "out"));
    EXPECT_FALSE(std::filesystem::exists(dir / "tiny"));
  }
}

}  // namespace
}  // namespace dt
