// Suite tables from a hand-made report: macro means per category and over the suite, coverage, the paired counts and
// the sign test (binomial values worked by hand), rows without the suite's tasks left out, and the main table without
// the members.
#include <gtest/gtest.h>

#include "dt/report/suite_table.h"

namespace dt {
namespace {

TaskEntry entry(double icl, double dt) {
  TaskEntry e;
  e.icl = {icl, 0, 1, 1};
  e.dt = {dt, 0, 1, 1};
  return e;
}

TEST(SignTest, IsTheTwoSidedBinomialTest) {
  EXPECT_DOUBLE_EQ(sign_test(0, 0), 1.0);
  EXPECT_NEAR(sign_test(5, 0), 2.0 / 32, 1e-12);      // 2 x P(X = 0), n = 5
  EXPECT_NEAR(sign_test(1, 4), 2.0 * 6 / 32, 1e-12);  // 2 x P(X <= 1) = 2 x (1 + 5) / 32
  EXPECT_NEAR(sign_test(3, 3), 1.0, 1e-12);           // capped at 1
}

TEST(SuiteTable, MacroMeansPerCategoryAndOverTheSuite) {
  Report report;
  report.tasks = {"a", "b", "c", "other"};
  ReportRow row{"m", "{}", 5, "plain", {entry(0.2, 0.4), entry(0.4, 0.4), std::nullopt, entry(0.9, 0.1)}, {}, {}};
  ReportRow elsewhere{"m", "{}", 1, "plain", {std::nullopt, std::nullopt, std::nullopt, entry(0.5, 0.5)}, {}, {}};
  report.rows = {row, elsewhere};
  TaskSuite suite;
  suite.name = "s";
  suite.tasks = {"x/a", "x/b", "x/c"};
  suite.categories = {{"C1", {"a"}}, {"C2", {"b", "c"}}};
  const auto table = build_suite_table(report, suite);
  ASSERT_TRUE(table.has_value());
  ASSERT_EQ(table->rows.size(), 1u);  // the k = 1 row has no suite task
  const auto& r = table->rows[0];
  EXPECT_DOUBLE_EQ(*r.all.icl, 0.3);  // (0.2 + 0.4) / 2: c has no result and is not counted
  EXPECT_DOUBLE_EQ(*r.all.dt, 0.4);
  EXPECT_EQ(r.all.found, 2);
  EXPECT_EQ(r.all.members, 3);
  EXPECT_EQ(r.all.better, 1);
  EXPECT_EQ(r.all.equal, 1);
  EXPECT_EQ(r.all.worse, 0);
  EXPECT_DOUBLE_EQ(*r.categories[0].icl, 0.2);
  EXPECT_DOUBLE_EQ(*r.categories[1].icl, 0.4);
  EXPECT_FALSE(r.categories[1].complete());

  const auto main = without_tasks(report, {"a", "b", "c"});
  EXPECT_EQ(main.tasks, std::vector<std::string>{"other"});
  ASSERT_EQ(main.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*main.rows[0].icl_average, 0.9);

  suite.tasks = {"y/z"};
  suite.categories.clear();
  EXPECT_FALSE(build_suite_table(report, suite).has_value());
}

}  // namespace
}  // namespace dt
