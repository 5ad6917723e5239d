// Configs as transformers 5 saves them: `rope_theta` and `rope_scaling` folded into `rope_parameters` (one object, or
// one per layer type for Gemma 3). The shipped golden fixtures, their configs rewritten that way, pass unchanged; the
// same scaling under either spelling builds the same model.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "dt/golden/golden_fixture.h"
#include "test_support.h"

namespace dt {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path() / "tests/golden";

// A copy of golden fixture `name` whose config.json `edit` rewrote.
std::filesystem::path rewritten(const test::TempDir& dir, const std::string& name,
                                const std::function<void(nlohmann::json&)>& edit) {
  const auto out = dir / name;
  std::filesystem::copy(kGolden / name, out, std::filesystem::copy_options::recursive);
  auto config = nlohmann::json::parse(test::read_file(out / "config.json"));
  edit(config);
  test::write_file(out / "config.json", config.dump(2));
  return out;
}

void expect_passes(const std::filesystem::path& fixture) {
  const auto outcome = check_golden_fixture(fixture, DT_TEST_JOBS_DIR);
  EXPECT_TRUE(outcome.passed) << fixture << ": " << outcome.could_not_run << " " << outcome.detail << " ("
                              << outcome.failed << " of " << outcome.checked << " checks failed)";
}

TEST(RopeParameters, Llama3ScalingUnderTransformers5SpellingPassesItsFixture) {
  test::TempDir dir;
  expect_passes(rewritten(dir, "llama3_1", [](auto& c) {
    auto rope = c["rope_scaling"];
    rope["rope_theta"] = c["rope_theta"];
    c["rope_parameters"] = rope;
    c.erase("rope_scaling");
    c.erase("rope_theta");
  }));
}

TEST(RopeParameters, PerLayerTypeParametersOfGemma3PassItsFixture) {
  test::TempDir dir;
  expect_passes(rewritten(dir, "gemma3_text", [](auto& c) {
    auto global = c["rope_scaling"];
    global["rope_theta"] = c["rope_theta"];
    c["rope_parameters"] = {
        {"full_attention", global},
        {"sliding_attention", {{"rope_type", "default"}, {"rope_theta", c["rope_local_base_freq"]}}}};
    c.erase("rope_scaling");
    c.erase("rope_theta");
    c.erase("rope_local_base_freq");
  }));
}

TEST(RopeParameters, LongropeWithItsOriginalLengthInsideTheParametersPassesItsFixture) {
  test::TempDir dir;
  expect_passes(rewritten(dir, "phi3_longrope", [](auto& c) {
    auto rope = c["rope_scaling"];
    rope["rope_type"] = "longrope";
    rope.erase("type");
    rope["rope_theta"] = c["rope_theta"];
    rope["original_max_position_embeddings"] = c["original_max_position_embeddings"];
    rope["partial_rotary_factor"] = c["partial_rotary_factor"];
    c["rope_parameters"] = rope;
    for (const char* key : {"rope_scaling", "rope_theta", "original_max_position_embeddings", "partial_rotary_factor"})
      c.erase(key);
  }));
}

TEST(RopeParameters, AWrongThetaInTheParametersFailsTheFixture) {
  // The rewritten fixtures pass because the parameters are read, not because nothing is checked.
  test::TempDir dir;
  const auto fixture = rewritten(dir, "llama3_1", [](auto& c) {
    auto rope = c["rope_scaling"];
    rope["rope_theta"] = 10000.0;
    c["rope_parameters"] = rope;
    c.erase("rope_scaling");
  });
  const auto outcome = check_golden_fixture(fixture, DT_TEST_JOBS_DIR);
  EXPECT_FALSE(outcome.passed);
  EXPECT_GT(outcome.failed, 0u);
}

}  // namespace
}  // namespace dt
