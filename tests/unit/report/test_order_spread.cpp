// The demonstration-order table (report/order_spread.h) on cells written by hand: per seed the mean, std (n - 1), min
// and max of accuracy across orders, averaged over the seeds that have every order, and the exact sign-flip test,
// all worked out by hand below.
#include <gtest/gtest.h>

#include "dt/report/order_spread.h"

namespace dt {
namespace {

// A cell of 4 queries whose ICL (step 1) and Deep-Thinking (step 2) answers are right for the first n of them.
CellSummary cell(std::uint64_t seed, std::int64_t order, int icl_right, int dt_right) {
  CellSummary c;
  c.model = "m";
  c.task = "t";
  c.optimizer = R"({"kind":"momentum"})";
  c.k = 1;
  c.seed = seed;
  c.demo_order = order;
  c.steps = {1, 2};
  c.queries = 4;
  auto first = [](int n) {
    std::vector<std::uint8_t> v(4, 0);
    for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = 1;
    return v;
  };
  c.correct["lm_log_p"] = {first(icl_right), first(dt_right)};
  return c;
}

TEST(SignFlip, CountsThePatternsAtLeastAsExtremeAsTheObservedMean) {
  EXPECT_DOUBLE_EQ(*sign_flip_p({1, 2, 3}), 2.0 / 8);  // only all + and all - reach |6|
  EXPECT_DOUBLE_EQ(*sign_flip_p({3, 1}), 2.0 / 4);     // 4, 2, -2, -4
  EXPECT_DOUBLE_EQ(*sign_flip_p({1, -1}), 1.0);        // observed 0: every pattern
  EXPECT_DOUBLE_EQ(*sign_flip_p({}), 1.0);
  EXPECT_FALSE(sign_flip_p(std::vector<double>(21, 1.0)).has_value());
}

TEST(OrderSpread, AveragesEachSeedsSpreadAndTestsTheChange) {
  ResultSet results;
  // seed 0: ICL 1/4, 2/4, 3/4 (std 0.25), DT 2/4 three times (std 0); seed 1: ICL 2/4, 2/4, 4/4 (std sqrt(1/12)),
  // DT 3/4, 3/4, 4/4 (std sqrt(1/48)); seed 2 lacks order 2 and is left out
  for (const auto& [seed, order, icl, dt] : std::vector<std::tuple<int, int, int, int>>{{0, 0, 1, 2},
                                                                                        {0, 1, 2, 2},
                                                                                        {0, 2, 3, 2},
                                                                                        {1, 0, 2, 3},
                                                                                        {1, 1, 2, 3},
                                                                                        {1, 2, 4, 4},
                                                                                        {2, 0, 4, 4},
                                                                                        {2, 1, 0, 0}})
    results.cells.push_back(cell(static_cast<std::uint64_t>(seed), order, icl, dt));
  Report report;
  report.score = Score::LmLogP;
  report.protocol = StepProtocol::parse("fixed:2");
  report.tasks = {"t"};
  ReportRow row;
  row.model = "m";
  row.optimizer = R"({"kind":"momentum"})";
  row.k = 1;
  TaskEntry entry;
  entry.step = 2;
  row.tasks = {entry};
  report.rows = {row};
  const auto entries = order_spread(report, results);
  ASSERT_EQ(entries.size(), 1u);
  const auto& e = entries[0];
  EXPECT_EQ(e.orders, 3);
  EXPECT_EQ(e.seeds, 2);
  EXPECT_NEAR(e.icl.mean, (0.5 + 2.0 / 3) / 2, 1e-12);
  EXPECT_NEAR(e.icl.std, (0.25 + std::sqrt(1.0 / 12)) / 2, 1e-12);
  EXPECT_NEAR(e.icl.min, (0.25 + 0.5) / 2, 1e-12);
  EXPECT_NEAR(e.icl.max, (0.75 + 1.0) / 2, 1e-12);
  ASSERT_TRUE(e.dt.has_value());
  EXPECT_NEAR(e.dt->mean, (0.5 + 5.0 / 6) / 2, 1e-12);
  EXPECT_NEAR(e.dt->std, std::sqrt(1.0 / 48) / 2, 1e-12);
  EXPECT_NEAR(e.std_change, ((0 - 0.25) + (std::sqrt(1.0 / 48) - std::sqrt(1.0 / 12))) / 2, 1e-12);
  EXPECT_EQ(e.narrower, 2);
  EXPECT_DOUBLE_EQ(*e.p, 0.5);  // two seeds: |d1 + d2| is reached by the pattern and its mirror, 2 of 4
  const auto shown = shown_order_only(results);
  EXPECT_EQ(shown.cells.size(), 3u);
  EXPECT_NE(render_order_spread_markdown(report, entries).find("| 3 × 2 |"), std::string::npos);
  EXPECT_TRUE(order_spread(report, shown).empty());  // one order: no table
}

}  // namespace
}  // namespace dt
