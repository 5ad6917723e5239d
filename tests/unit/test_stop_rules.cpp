// Stopping rules against signals worked out by hand from the formulas in stop_rules.h.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "dt/config/stop_rules.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One layer's statistics with the fields the rules read; the rest NaN.
LayerThinkStats layer(double k, double v, double kg, double vg, double kc, double vc) {
  return {k, v, kNaN, kNaN, kg, vg, kNaN, kNaN, kc, vc};
}

std::vector<StepStats> trajectory() {
  return {
      {1, {layer(3, 4, kNaN, kNaN, kNaN, kNaN), layer(0, 0, kNaN, kNaN, kNaN, kNaN)}},
      // ||g|| = sqrt(1 + 4 + 4 + 16) = 5; ||KV_1|| = sqrt(9 + 16) = 5: relative 1
      {2, {layer(6, 8, 1, 2, kNaN, kNaN), layer(0, 0, 2, 4, kNaN, kNaN)}},
      // ||g|| = sqrt(1 + 0 + 0 + 0) = 1; ||KV_2|| = 10: relative 0.1; cosine mean of 0.5, 0.7, 0.9, 0.1 = 0.55
      {3, {layer(6, 8, 1, 0, 0.5, 0.7), layer(0, 0, 0, 0, 0.9, 0.1)}},
  };
}

TEST(StopRules, SignalsFollowTheFormulas) {
  const auto s = step_signals(trajectory());
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(std::isnan(s[0].relative_gradient));
  EXPECT_TRUE(std::isnan(s[0].gradient_cosine));
  EXPECT_DOUBLE_EQ(s[1].relative_gradient, 1.0);
  EXPECT_TRUE(std::isnan(s[1].gradient_cosine));
  EXPECT_DOUBLE_EQ(s[2].relative_gradient, 0.1);
  EXPECT_DOUBLE_EQ(s[2].gradient_cosine, 0.55);
}

TEST(StopRules, ARuleStopsAtTheFirstStepWhereItHoldsElseRunsToTheEnd) {
  const auto s = step_signals(trajectory());
  StopRule small{"small", StopRule::Kind::RelativeGradient, 0.5};
  EXPECT_EQ(decide(small, s).step, 3);
  EXPECT_EQ(decide(small, s).at, 3);
  EXPECT_TRUE(decide(small, s).triggered);
  small.threshold = 1.5;  // step 2's relative gradient 1 < 1.5
  EXPECT_EQ(decide(small, s).step, 2);
  small.threshold = 0.05;  // never
  EXPECT_EQ(decide(small, s).step, 3);
  EXPECT_FALSE(decide(small, s).triggered);
  StopRule aligned{"aligned", StopRule::Kind::GradientCosine, 0.5};
  EXPECT_EQ(decide(aligned, s).step, 3);
  aligned.threshold = 0.6;
  EXPECT_FALSE(decide(aligned, s).triggered);
}

TEST(StopRules, DevPatienceChoosesTheBestDevStepOncePStepsHavePassedWithoutABetterOne) {
  std::vector<StepStats> think(5);
  for (std::size_t t = 0; t < think.size(); ++t) think[t].step = static_cast<int>(t + 1);
  // best 0.6 at step 2 (step 3 ties: the earliest stays best); at step 4 it is 2 steps old
  const auto s = step_signals(think, {0.5, 0.6, 0.6, 0.55, 0.7});
  StopRule patient{"patient", StopRule::Kind::DevPatience, 2};
  EXPECT_EQ(decide(patient, s).step, 2);  // the KV of the best dev step...
  EXPECT_EQ(decide(patient, s).at, 4);    // ...known to be best once step 4 has run
  EXPECT_TRUE(decide(patient, s).triggered);
  patient.threshold = 3;  // step 5 improves before step 2 is 3 steps old: never holds, runs to the last step
  EXPECT_EQ(decide(patient, s).step, 5);
  EXPECT_EQ(decide(patient, s).at, 5);
  EXPECT_FALSE(decide(patient, s).triggered);
  EXPECT_FALSE(decide(patient, step_signals(think)).triggered);  // no dev split: never
  EXPECT_EQ(stop_rule_problem({"p", StopRule::Kind::DevPatience, 1.5}),
            "dev_patience threshold (the patience in steps) must be an integer >= 1 (got 1.5)");
}

TEST(StopRules, ParsingAndDomains) {
  const auto rule = parse_stop_rule_text("small,relative_gradient,0.01", "--stop-rule");
  EXPECT_EQ(rule.name, "small");
  EXPECT_EQ(rule.kind, StopRule::Kind::RelativeGradient);
  EXPECT_DOUBLE_EQ(rule.threshold, 0.01);
  EXPECT_EQ(rule.describe(), "small: relative_gradient < 0.01");
  EXPECT_EQ(stop_rule_from_json(rule.to_json(), "x").describe(), rule.describe());
  auto error_of = [](const std::string& text) {
    try {
      parse_stop_rule_text(text, "--stop-rule");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(error_of("small"),
            "--stop-rule: a rule is NAME,KIND,THRESHOLD (e.g. small,relative_gradient,0.01), not 'small'");
  EXPECT_EQ(error_of("s,patience,2"),
            "--stop-rule: unknown stopping rule 'patience' (relative_gradient, gradient_cosine, dev_patience)");
  EXPECT_EQ(error_of("s,relative_gradient,x"), "--stop-rule: threshold 'x' is not a number");
  EXPECT_EQ(error_of("s,relative_gradient,0"), "--stop-rule: relative_gradient threshold must be > 0 (got 0)");
  EXPECT_EQ(error_of("s,gradient_cosine,1"), "--stop-rule: gradient_cosine threshold must be in [-1, 1) (got 1)");
  EXPECT_EQ(error_of("a b,gradient_cosine,0.5"),
            "--stop-rule: a rule's name must be 1 to 64 letters, digits, '_', '-' or '.'");
}

}  // namespace
}  // namespace dt
