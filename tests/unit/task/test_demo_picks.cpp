// Demonstration picks through the task cards (card -> data -> labels -> CPython-compatible stream) equal the
// reference's for every case of ../shared/golden/demos, and dt-demos prints them as the documented JSON object.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "../test_support.h"
#include "dt/task/cell_prompts.h"

namespace dt {
namespace {

std::string run_command(const std::string& command, int& status) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (pipe != nullptr && std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  status = pipe == nullptr ? -1 : ::pclose(pipe);
  return output;
}

class GoldenDemos : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenDemos, PicksMatchTheReference) {
  DT_REQUIRE_SHARED(demos, "golden/demos/" + GetParam() + ".json");
  const auto data_root = test::shared_dir() / "data";
  const auto card = load_task_card(std::filesystem::path(DT_TEST_JOBS_DIR) / (GetParam() + ".toml"));
  const auto cases = nlohmann::json::parse(test::read_file(demos)).at("cases");
  const auto data = load_task_data(card, data_root);
  ASSERT_GT(cases.size(), 0u);
  for (const auto& c : cases) {
    EXPECT_EQ(card.pool_file, c.at("pool_file").get<std::string>());
    EXPECT_EQ(card.eval_file, c.at("eval_file").get<std::string>());
    const auto seed = c.at("seed").get<std::uint64_t>();
    const auto k = c.at("k").get<std::int64_t>();
    const auto selection = select_cell(card, data, seed, k);
    EXPECT_EQ(selection.demo_pool_indices, c.at("demo_pool_indices").get<std::vector<std::int64_t>>())
        << "seed " << seed << " k " << k;
    if (c.at("eval_sample_indices").is_null())
      EXPECT_TRUE(selection.eval_sample_indices.empty());
    else
      EXPECT_EQ(selection.eval_sample_indices, c.at("eval_sample_indices").get<std::vector<std::int64_t>>())
          << "seed " << seed;
    std::vector<std::int64_t> labels;
    for (auto i : selection.demo_pool_indices) labels.push_back(data.pool_answers.at(static_cast<std::size_t>(i)));
    EXPECT_EQ(labels, c.at("demo_labels").get<std::vector<std::int64_t>>());
  }
}

INSTANTIATE_TEST_SUITE_P(Tasks, GoldenDemos, ::testing::Values("sst2", "sst5", "mr", "agnews", "trec", "copa", "obqa"));

TEST(DtDemos, PrintsTheDocumentedJson) {
  DT_REQUIRE_SHARED(data_root, "data");
  int status = 0;
  const auto out =
      run_command((test::build_bin_dir() / "dt-demos").string() +
                      " --task " DT_TEST_JOBS_DIR "/trec.toml --data-root " + data_root.string() + " --seed 1 --k 1",
                  status);
  EXPECT_EQ(status, 0);
  // golden/cells/trec_s1_k1 picks these for seed 1, k 1
  EXPECT_EQ(out, "{\"demo_pool_indices\":[5040,308,1285,781,3290,2391],\"eval_sample_indices\":null}\n");
  const auto bad = run_command((test::build_bin_dir() / "dt-demos").string() +
                                   " --task /nonexistent.toml --data-root " + data_root.string() + " 2>&1",
                               status);
  EXPECT_NE(status, 0);
  EXPECT_NE(bad.find("dt-demos: error: /nonexistent.toml: task card not found"), std::string::npos) << bad;
}

}  // namespace
}  // namespace dt
