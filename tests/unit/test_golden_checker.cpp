// The golden checker can fail: a fixture copy with one expected value nudged beyond tolerance is a FAIL that names
// the field, from the library and from the dt-golden binary; a fixture that cannot run (an unsupported architecture,
// a directory that is no fixture) is reported as "could not run: <reason>" and counted apart from failed checks.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "dt/golden/golden_fixture.h"
#include "test_support.h"

namespace dt {
namespace {

// Copies `fixture` into `dest`, replacing cases.json with `cases`.
void copy_fixture(const std::filesystem::path& fixture, const std::filesystem::path& dest,
                  const nlohmann::json& cases) {
  std::filesystem::create_directories(dest);
  std::filesystem::copy(fixture / "config.json", dest / "config.json");
  std::filesystem::copy(fixture / "model.safetensors", dest / "model.safetensors");
  test::write_file(dest / "cases.json", cases.dump());
}

std::string run_command(const std::string& command, int& status) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  status = ::pclose(pipe);
  return output;
}

TEST(GoldenChecker, NudgedValueFails) {
  DT_REQUIRE_SHARED(fixture, "golden/gpt2");
  auto cases = nlohmann::json::parse(test::read_file(fixture / "cases.json"));
  auto& value = cases["expected"]["float32"]["runs"]["momentum"]["iterations"][2]["lm_log_p"][1][0];
  value = value.get<double>() + 0.01;  // ~ 4x the tolerance 1e-4 + 1e-4 * |lm_log_p|
  test::TempDir dir;
  copy_fixture(fixture, dir / "gpt2_nudged", cases);

  const auto outcome = check_golden_fixture(dir / "gpt2_nudged", DT_TEST_JOBS_DIR);
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.failed, 2u);  // seen by both scoring modes
  EXPECT_NE(outcome.detail.find("runs.momentum.iterations[2].lm_log_p[1][0]"), std::string::npos) << outcome.detail;

  int status = 0;
  const auto output =
      run_command((test::build_bin_dir() / "dt-golden").string() + " " + (dir / "gpt2_nudged").string(), status);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("FAIL gpt2_nudged"), std::string::npos) << output;
  EXPECT_NE(output.find("\n0 passed, 1 failed\n"), std::string::npos) << output;
}

TEST(GoldenChecker, UntouchedCopyPasses) {
  DT_REQUIRE_SHARED(fixture, "golden/gpt2");
  test::TempDir dir;
  copy_fixture(fixture, dir / "gpt2", nlohmann::json::parse(test::read_file(fixture / "cases.json")));
  const auto outcome = check_golden_fixture(dir / "gpt2", DT_TEST_JOBS_DIR);
  EXPECT_TRUE(outcome.passed) << outcome.detail;
  EXPECT_GT(outcome.checked, 10000u);
}

TEST(GoldenChecker, UnsupportedArchitectureCouldNotRunSayingSo) {
  DT_REQUIRE_SHARED(fixture, "golden/gpt2");
  test::TempDir dir;
  copy_fixture(fixture, dir / "other", nlohmann::json::parse(test::read_file(fixture / "cases.json")));
  test::write_file(dir / "other" / "config.json", R"({"model_type": "mamba"})");
  const auto outcome = check_golden_fixture(dir / "other", DT_TEST_JOBS_DIR);
  EXPECT_FALSE(outcome.passed);
  EXPECT_EQ(outcome.failed, 0u);
  EXPECT_NE(outcome.could_not_run.find("'mamba' is not supported"), std::string::npos) << outcome.could_not_run;
}

TEST(GoldenChecker, ADirectoryThatIsNoFixtureIsCountedApart) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "empty");
  int status = 0;
  const auto output =
      run_command((test::build_bin_dir() / "dt-golden").string() + " " + (dir / "empty").string(), status);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("ERROR empty: could not run: "), std::string::npos) << output;
  EXPECT_NE(output.find("not a golden fixture (no cases.json or cell.json)"), std::string::npos) << output;
  EXPECT_NE(output.find("\n0 passed, 0 failed, 1 could not run\n"), std::string::npos) << output;
  EXPECT_EQ(output.find("checks failed"), std::string::npos) << output;
}

}  // namespace
}  // namespace dt
