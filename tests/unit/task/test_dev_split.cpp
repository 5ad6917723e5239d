// The dev split inside a cell (CellPrompts::dev): dev_queries pool rows that are not the cell's demonstrations, in
// the order random.Random(seed).sample(<the other rows, ascending>, n) draws them, leaving the demonstrations and
// the eval sample exactly as without a dev split.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "dt/data/python_random.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/task_card.h"
#include "dt/util/error.h"

namespace dt {
namespace {

const std::filesystem::path kSource = std::filesystem::path(DT_TEST_JOBS_DIR).parent_path();

TEST(DevSplit, DisjointFromTheDemonstrationsAndLeavingTheRestAsItWas) {
  const auto card = load_task_card(kSource / "jobs" / "sst2.toml");
  const auto data = load_task_data(card, kSource / "data" / "sample");
  for (std::uint64_t seed : {0, 1, 7}) {
    const auto plain = build_cell_prompts(card, data, seed, 2, 0);
    const auto with_dev = build_cell_prompts(card, data, seed, 2, 0, 5);
    EXPECT_TRUE(plain.dev.empty());
    EXPECT_EQ(with_dev.demo_pool_indices, plain.demo_pool_indices);
    EXPECT_EQ(with_dev.eval_sample_indices, plain.eval_sample_indices);
    EXPECT_EQ(with_dev.demonstration, plain.demonstration);
    ASSERT_EQ(with_dev.dev.size(), 5u);
    std::vector<std::int64_t> others;  // the pool rows that are not demonstrations, ascending
    for (std::int64_t i = 0; i < plain.pool_rows_total; ++i)
      if (std::count(plain.demo_pool_indices.begin(), plain.demo_pool_indices.end(), i) == 0) others.push_back(i);
    PythonRandom rng(seed);  // CPython's generator, checked against CPython in test_python_random.cpp
    EXPECT_EQ(with_dev.dev_pool_indices, rng.sample(others, 5));
    for (std::size_t i = 0; i < with_dev.dev.size(); ++i) {
      EXPECT_EQ(with_dev.dev[i].row, with_dev.dev_pool_indices[i]);
      EXPECT_EQ(std::count(plain.demo_pool_indices.begin(), plain.demo_pool_indices.end(), with_dev.dev[i].row), 0);
    }
    EXPECT_EQ(std::set<std::int64_t>(with_dev.dev_pool_indices.begin(), with_dev.dev_pool_indices.end()).size(), 5u);
  }
}

TEST(DevSplit, MoreRowsThanThePoolHasBesidesTheDemonstrationsIsAnErrorNamingTheCard) {
  const auto card = load_task_card(kSource / "jobs" / "sst2.toml");
  const auto data = load_task_data(card, kSource / "data" / "sample");
  try {
    build_cell_prompts(card, data, 0, 2, 0, 100);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("sst2.toml"), std::string::npos) << message;
    EXPECT_NE(message.find("a dev split of 100 rows"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace dt
