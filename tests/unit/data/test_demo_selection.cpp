// select_demonstrations against ../shared/golden/demos/<task>.json: every case (seed, k) of every task must give the
// reference's eval sample and demonstration indices exactly, and the picked pool rows must carry the recorded
// labels. The pool and eval files are read from ../shared/data/ as the cases name them. Plus the error cases.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.h"
#include "dt/data/demo_selection.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using Indices = std::vector<std::int64_t>;

struct TaskSampling {
  std::string task;
  bool stratified;
  std::int64_t eval_sample_size;
  std::function<std::int64_t(const nlohmann::json&)> answer_index;  // of one data row
};

// Names the task in gtest's failure output instead of dumping the struct's bytes.
void PrintTo(const TaskSampling& sampling, std::ostream* out) { *out << sampling.task; }

std::function<std::int64_t(const nlohmann::json&)> integer_column(const std::string& column) {
  return [column](const nlohmann::json& row) { return row.at(column).get<std::int64_t>(); };
}

std::int64_t answer_key_index(const nlohmann::json& row) {
  return static_cast<std::int64_t>(row.at("answerKey").get<std::string>().at(0) - 'A');
}

// The reference's sampling setup per task (../shared/data/README.md, "Prompt formats of the reference code").
std::vector<TaskSampling> golden_tasks() {
  return {
      {"sst2", true, 0, integer_column("label")},
      {"sst5", true, 0, integer_column("label")},
      {"mr", true, 0, integer_column("label")},
      {"trec", true, 0, integer_column("coarse_label")},
      {"agnews", true, 2000, integer_column("label")},
      {"copa", false, 0, integer_column("label")},
      {"obqa", false, 0, answer_key_index},
  };
}

// Answer index of every row of a JSON Lines file, in file order.
Indices read_answer_indices(const std::filesystem::path& path, const TaskSampling& task) {
  std::istringstream lines(test::read_file(path));
  Indices answers;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    answers.push_back(task.answer_index(nlohmann::json::parse(line)));
  }
  return answers;
}

Indices indices_or_empty(const nlohmann::json& value) { return value.is_null() ? Indices{} : value.get<Indices>(); }

class GoldenDemos : public ::testing::TestWithParam<TaskSampling> {};

TEST_P(GoldenDemos, EveryCaseMatchesTheReference) {
  const TaskSampling& task = GetParam();
  DT_REQUIRE_SHARED(demos_dir, "golden/demos");
  DT_REQUIRE_SHARED(data_dir, "data");
  const auto golden = nlohmann::json::parse(test::read_file(demos_dir / (task.task + ".json")));
  const auto& cases = golden.at("cases");
  ASSERT_FALSE(cases.empty());

  std::map<std::string, Indices> answers_by_file;
  const auto answers_of = [&](const std::string& file) -> const Indices& {
    auto found = answers_by_file.find(file);
    if (found == answers_by_file.end())
      found = answers_by_file.emplace(file, read_answer_indices(data_dir / file, task)).first;
    return found->second;
  };

  int matched = 0;
  for (const auto& golden_case : cases) {
    const std::string label = task.task + " seed " + std::to_string(golden_case.at("seed").get<std::int64_t>()) +
                              " k " + std::to_string(golden_case.at("k").get<std::int64_t>());
    SCOPED_TRACE(label);
    ASSERT_EQ(golden_case.at("task").get<std::string>(), task.task);
    const Indices& pool_labels = answers_of(golden_case.at("pool_file").get<std::string>());
    const Indices& eval_answers = answers_of(golden_case.at("eval_file").get<std::string>());

    SelectionRequest request;
    request.seed = golden_case.at("seed").get<std::uint64_t>();
    request.k = golden_case.at("k").get<std::int64_t>();
    request.stratified = task.stratified;
    request.pool_labels = pool_labels;
    request.eval_rows = static_cast<std::int64_t>(eval_answers.size());
    request.eval_sample_size = task.eval_sample_size;
    const Selection selection = select_demonstrations(request);

    const Indices expected_eval = indices_or_empty(golden_case.at("eval_sample_indices"));
    const Indices expected_demos = golden_case.at("demo_pool_indices").get<Indices>();
    const Indices expected_labels = golden_case.at("demo_labels").get<Indices>();
    EXPECT_EQ(selection.eval_sample_indices, expected_eval);
    EXPECT_EQ(selection.demo_pool_indices, expected_demos);
    Indices picked_labels;
    for (const std::int64_t row : selection.demo_pool_indices) picked_labels.push_back(pool_labels.at(row));
    EXPECT_EQ(picked_labels, expected_labels);
    if (task.stratified) {
      const std::set<std::int64_t> distinct_labels(pool_labels.begin(), pool_labels.end());
      EXPECT_EQ(selection.demo_pool_indices.size(), distinct_labels.size() * static_cast<std::size_t>(request.k));
    }
    if (selection.eval_sample_indices == expected_eval && selection.demo_pool_indices == expected_demos &&
        picked_labels == expected_labels) {
      ++matched;
    }
  }
  EXPECT_EQ(matched, static_cast<int>(cases.size()));
  std::cout << "[ golden   ] " << task.task << ": " << matched << " of " << cases.size() << " cases match\n";
}

INSTANTIATE_TEST_SUITE_P(AllTasks, GoldenDemos, ::testing::ValuesIn(golden_tasks()),
                         [](const ::testing::TestParamInfo<TaskSampling>& case_info) { return case_info.param.task; });

TEST(SelectDemonstrations, StratifiedKeepsLabelsInOrderOfFirstAppearance) {
  // The reference logic run with CPython 3.11 `random`: r = random.Random(0); for each label in [2, 0, 1] (first
  // appearance) ids += r.sample(rows_of_label, 2); r.shuffle(ids). Sorted label order [0, 1, 2] would give
  // [5, 4, 7, 2, 3, 6] instead.
  SelectionRequest request;
  request.seed = 0;
  request.k = 2;
  request.stratified = true;
  request.pool_labels = {2, 0, 2, 1, 0, 2, 1, 0, 1};
  const Selection selection = select_demonstrations(request);
  EXPECT_TRUE(selection.eval_sample_indices.empty());
  EXPECT_EQ(selection.demo_pool_indices, (Indices{8, 2, 5, 6, 1, 4}));
}

TEST(SelectDemonstrations, ShortEvalSplitIsPermutedWhole) {
  SelectionRequest request;
  request.k = 1;
  request.pool_labels = {0, 1, 2};
  request.eval_rows = 10;
  request.eval_sample_size = 2000;
  const Selection selection = select_demonstrations(request);
  ASSERT_EQ(selection.eval_sample_indices.size(), 10u);
  EXPECT_EQ(std::set<std::int64_t>(selection.eval_sample_indices.begin(), selection.eval_sample_indices.end()).size(),
            10u);
}

TEST(SelectDemonstrations, ZeroShotsDrawNoDemonstrations) {
  SelectionRequest request;
  request.k = 0;
  request.stratified = true;
  request.pool_labels = {0, 1};
  EXPECT_TRUE(select_demonstrations(request).demo_pool_indices.empty());
}

void expect_one_line_error(const SelectionRequest& request, const std::string& needle) {
  try {
    select_demonstrations(request);
    FAIL() << "expected a dt::Error containing: " << needle;
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_NE(message.find("seed 7"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

TEST(SelectDemonstrations, BadRequestsAreErrors) {
  SelectionRequest request;
  request.seed = 7;
  request.k = 2;
  request.stratified = true;
  request.pool_labels = {0, 0, 1};
  expect_one_line_error(request, "label 1 has 1 pool rows, fewer than k = 2");

  request.stratified = false;
  request.k = 4;
  expect_one_line_error(request, "k = 4 demonstrations requested from a pool of 3 rows");

  request.k = -1;
  expect_one_line_error(request, "k = -1 is negative");

  request.k = 1;
  request.eval_sample_size = -5;
  expect_one_line_error(request, "eval sample size -5 is negative");

  request.eval_sample_size = 0;
  request.eval_rows = -1;
  expect_one_line_error(request, "eval row count -1 is negative");

  request.eval_rows = 0;
  request.pool_labels.clear();
  expect_one_line_error(request, "the demonstration pool is empty");
}

}  // namespace
}  // namespace dt
