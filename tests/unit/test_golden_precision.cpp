// GoldenPrecision: float32 keeps the README's tolerances and exact predictions; bfloat16 states its looser
// tolerances and lets a prediction differ only at a near tie of the reference's own scores (hand-computed cases).
#include <gtest/gtest.h>

#include "dt/golden/golden_precision.h"

namespace dt {
namespace {

TEST(GoldenPrecision, Float32IsTheReadmesTolerances) {
  const auto p = GoldenPrecision::of(at::kCPU, at::kFloat);
  EXPECT_DOUBLE_EQ(p.log_prob.atol, 1e-4);
  EXPECT_DOUBLE_EQ(p.log_prob.rtol, 1e-4);
  EXPECT_DOUBLE_EQ(p.norm.rtol, 1e-5);
  EXPECT_DOUBLE_EQ(p.sample.atol, 1e-5);
  EXPECT_TRUE(p.exact_predictions);
  ToleranceLedger ledger;
  // scores -1.0 and -1.00001 are a near tie, but float32 predictions must match exactly
  EXPECT_FALSE(p.check_prediction(ledger, "pred", 1, 0, {-1.0, -1.00001}));
  EXPECT_EQ(ledger.failed(), 1u);
  EXPECT_EQ(p.describe(), "float32 on cpu (README tolerances)");
}

TEST(GoldenPrecision, Bfloat16AllowsOnlyNearTies) {
  const auto p = GoldenPrecision::of(at::kCPU, at::kBFloat16);
  EXPECT_FALSE(p.exact_predictions);
  ToleranceLedger ledger;
  // |-10.0 - (-10.5)| = 0.5 <= 0.3 + 0.03 * 10 = 0.6: a near tie, allowed and counted
  EXPECT_TRUE(p.check_prediction(ledger, "a", 1, 0, {-10.0, -10.5}));
  // |-1.0 - (-2.0)| = 1.0 > 0.3 + 0.03 * 1 = 0.33: a real difference
  EXPECT_FALSE(p.check_prediction(ledger, "b", 1, 0, {-1.0, -2.0}));
  // the same prediction passes; an index outside the choices is compared exactly
  EXPECT_FALSE(p.check_prediction(ledger, "c", 0, 0, {-1.0, -2.0}));
  EXPECT_FALSE(p.check_prediction(ledger, "d", 5, 0, {-1.0, -1.0}));
  EXPECT_EQ(ledger.checked(), 4u);
  EXPECT_EQ(ledger.failed(), 2u);
  EXPECT_EQ(ledger.allowed_differences(), 1u);
}

}  // namespace
}  // namespace dt
