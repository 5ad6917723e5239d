// Meta-optimizers against values worked out by hand from the equations in meta_optimizer.h.
#include <gtest/gtest.h>

#include "dt/think/meta_optimizer.h"

namespace dt {
namespace {

at::Tensor vec(std::vector<float> v) { return at::tensor(v); }

void expect_values(const at::Tensor& t, std::vector<float> expected) {
  ASSERT_EQ(t.numel(), static_cast<std::int64_t>(expected.size()));
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(t[static_cast<std::int64_t>(i)].item<float>(), expected[i]);
}

TEST(MetaOptimizer, MomentumStartsWithTheFirstGradientThenAccumulates) {
  auto opt = make_meta_optimizer({MetaOptimizerSpec::Kind::Momentum, /*step_size=*/0.5, /*momentum=*/0.5, 0});
  // step 2: g = [2,2] - [1,2] = [1,0]; m = g; KV = [1,2] + 0.5*[1,0]
  auto u = opt->update(vec({1, 2}), vec({2, 2}));
  expect_values(u.gradient, {1, 0});
  expect_values(u.direction, {1, 0});
  expect_values(u.value, {1.5f, 2});
  // step 3: g = [0,4] - [1.5,2] = [-1.5,2]; m = g + 0.5*[1,0] = [-1,2]; KV = [1.5,2] + 0.5*[-1,2]
  u = opt->update(u.value, vec({0, 4}));
  expect_values(u.gradient, {-1.5f, 2});
  expect_values(u.direction, {-1, 2});
  expect_values(u.value, {1, 3});
}

TEST(MetaOptimizer, GateInterpolatesTowardsTheFreshValue) {
  MetaOptimizerSpec spec;
  spec.kind = MetaOptimizerSpec::Kind::Gate;
  spec.eta = 0.25;
  auto opt = make_meta_optimizer(spec);
  auto u = opt->update(vec({1, 2}), vec({2, 6}));  // 0.25*[2,6] + 0.75*[1,2]
  expect_values(u.value, {1.25f, 3});
  expect_values(u.gradient, {1, 4});
  expect_values(u.direction, {1, 4});
  u = opt->update(u.value, vec({1.25f, 3}));  // no memory: a fixed point stays put
  expect_values(u.value, {1.25f, 3});
}

TEST(MetaOptimizer, EachInstanceKeepsItsOwnMomentum) {
  MetaOptimizerSpec spec{MetaOptimizerSpec::Kind::Momentum, 1.0, 1.0, 0};
  auto k = make_meta_optimizer(spec);
  auto v = make_meta_optimizer(spec);
  k->update(vec({0}), vec({10}));                 // k's m = 10
  auto uv = v->update(vec({0}), vec({1}));         // v's m = 1, untouched by k
  expect_values(uv.direction, {1});
  auto uk = k->update(vec({0}), vec({1}));         // k: g = 1, m = 1 + 10
  expect_values(uk.direction, {11});
}

TEST(MetaOptimizer, DescribeNamesTheHyperParameters) {
  EXPECT_EQ((MetaOptimizerSpec{MetaOptimizerSpec::Kind::Momentum, 0.01, 0.9, 0}).describe(), "momentum(step_size=0.01,momentum=0.9)");
  MetaOptimizerSpec gate;
  gate.kind = MetaOptimizerSpec::Kind::Gate;
  gate.eta = 0.3;
  EXPECT_EQ(gate.describe(), "gate(eta=0.3)");
}

}  // namespace
}  // namespace dt
