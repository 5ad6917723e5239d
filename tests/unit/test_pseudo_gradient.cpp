// The pseudo-gradient estimators (think/pseudo_gradient.h) against values worked out by hand on a model written here,
// and against the released estimator on generated checkpoints where they must agree; the registry's names and stored
// forms (config/estimator_spec.h); the direction statistics of untuned layers.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "dt/model/registry.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/think/pseudo_gradient.h"
#include "dt/think/thinker.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

using Kind = EstimatorSpec::Kind;

// Two layers, one head of width 1. Layer 0's key of new token j is ids[j] + 100 * position[j]; layer 1 adds the sum of
// the past keys of layer 0 (so it sees whether layer 0 was already updated); every value is twice its key.
KVCache toy_forward(const ForwardBatch& batch, const KVCache& past) {
  const auto base = (batch.ids + 100 * batch.positions).to(at::kFloat).reshape({1, 1, -1, 1});
  const auto k1 = base + past.layer(0).k.sum();
  return KVCache({{base, 2 * base}, {k1, 2 * k1}});
}

KVCache toy_cache() {
  const auto k0 = at::tensor({10.f, 20.f, 30.f}).reshape({1, 1, 3, 1});
  const auto k1 = at::zeros({1, 1, 3, 1});
  return KVCache({{k0, 2 * k0}, {k1, 2 * k1}});
}

std::vector<float> values_of(const at::Tensor& t) {
  const auto flat = t.reshape({-1}).contiguous();
  return {flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel()};
}

// The N_t each layer receives when `apply` replaces the layer by it (a gate with eta = 1).
std::vector<std::vector<float>> fresh_keys(const EstimatorSpec& spec,
                                           const std::vector<DemoReordering>& reorderings = {}) {
  auto kv = toy_cache();
  std::vector<std::vector<float>> out;
  const auto demo = at::tensor(std::vector<std::int64_t>{1, 2, 3}).unsqueeze(0);
  estimate_fresh_kv(spec, toy_forward, demo, reorderings, kv, [&](std::size_t l, const LayerKV& fresh) {
    EXPECT_TRUE(at::equal(fresh.v, 2 * fresh.k));
    out.push_back(values_of(fresh.k));
    kv.layer(l) = fresh;
  });
  return out;
}

TEST(PseudoGradient, ReleasedForwardsTheSecondCopyAtPositionsLTo2L) {
  // layer 0: id + 100 (3 + j); layer 1 adds the old layer 0's keys, 10 + 20 + 30
  EXPECT_EQ(fresh_keys({}), (std::vector<std::vector<float>>{{301, 402, 503}, {361, 462, 563}}));
}

TEST(PseudoGradient, PositionMatchedForwardsTheCopyAtTheCachePositions) {
  EXPECT_EQ(fresh_keys({Kind::PositionMatched, 1}), (std::vector<std::vector<float>>{{1, 102, 203}, {61, 162, 263}}));
}

TEST(PseudoGradient, LayerSequentialSeesTheLayersBelowAlreadyUpdated) {
  // layer 1 now adds the new layer 0's keys: 301 + 402 + 503 = 1206
  EXPECT_EQ(fresh_keys({Kind::LayerSequential, 1}),
            (std::vector<std::vector<float>>{{301, 402, 503}, {1507, 1608, 1709}}));
}

TEST(PseudoGradient, OrderAverageMovesEachOrderBackToTheShownPositions) {
  // examples shown as [1][2][3]; the other order shows [3][1][2], so token j of the shown order sits at source[j]
  const DemoReordering other{{3, 1, 2}, {1, 2, 0}};
  // that order's layer 0 keys are [303, 401, 502], moved back: [401, 502, 303]; averaged with [301, 402, 503]
  EXPECT_EQ(fresh_keys({Kind::OrderAverage, 2}, {other}),
            (std::vector<std::vector<float>>{{351, 452, 403}, {411, 512, 463}}));
  EXPECT_EQ(fresh_keys({Kind::OrderAverage, 1}), fresh_keys({}));
  EXPECT_THROW(fresh_keys({Kind::OrderAverage, 3}, {other}), Error);
}

TEST(PseudoGradient, SecondCopyBatchesSeeThePastAndThemselvesCausally) {
  const auto demo = at::tensor(std::vector<std::int64_t>{7, 8}).unsqueeze(0);
  const auto released = second_copy_batch(demo, false), matched = second_copy_batch(demo, true);
  EXPECT_TRUE(at::equal(released.positions, at::tensor(std::vector<std::int64_t>{2, 3}).unsqueeze(0)));
  EXPECT_TRUE(at::equal(matched.positions, at::tensor(std::vector<std::int64_t>{0, 1}).unsqueeze(0)));
  EXPECT_TRUE(at::equal(matched.key_positions, at::tensor(std::vector<std::int64_t>{0, 1, 0, 1}).unsqueeze(0)));
  const auto expected = at::tensor(std::vector<std::uint8_t>{1, 1, 1, 0, 1, 1, 1, 1}).to(at::kBool).reshape({1, 2, 4});
  EXPECT_TRUE(at::equal(released.attend, expected));
  EXPECT_TRUE(at::equal(matched.attend, expected));
}

TEST(EstimatorSpec, NamesParseBackAndTheReleasedOneLeavesStoredFormsAlone) {
  for (const std::string name : {"released", "position-matched", "layer-sequential", "order-average:4"})
    EXPECT_EQ(EstimatorSpec::parse(name, "x").name(), name);
  for (const std::string bad : {"order-average", "order-average:0", "order-average:65", "released:2", "average"})
    EXPECT_THROW(EstimatorSpec::parse(bad, "--estimator"), Error) << bad;
  MetaOptimizerSpec spec;
  EXPECT_FALSE(spec.to_json().contains("estimator"));
  EXPECT_EQ(spec.grid_id(), "mom0.01-0.9");
  spec.estimator = EstimatorSpec::parse("order-average:4", "x");
  EXPECT_EQ(spec.to_json().at("estimator"), "order-average:4");
  EXPECT_EQ(spec.grid_id(), "mom0.01-0.9-ord4");
  EXPECT_EQ(spec.describe(), "momentum(step_size=0.01,momentum=0.9,estimator=order-average:4)");
  EXPECT_EQ(spec.estimator.forwards_per_step(12), 4);
  EXPECT_EQ(EstimatorSpec::parse("layer-sequential", "x").forwards_per_step(12), 12);
}

SyntheticModelSpec small_gpt2(std::int64_t layers) {
  SyntheticModelSpec spec;
  spec.arch = "gpt2";
  spec.layers = layers;
  spec.hidden = 32;
  spec.heads = 4;
  spec.vocab = 97;
  spec.positions = 64;
  spec.seed = 5;
  return spec;
}

const std::vector<std::int64_t> kDemo = {5, 17, 3, 44, 9, 60, 2, 31, 8, 12};

MetaOptimizerSpec with_estimator(const std::string& name) {
  MetaOptimizerSpec spec;
  spec.estimator = EstimatorSpec::parse(name, "test");
  return spec;
}

void expect_same_cache(const KVCache& a, const KVCache& b, std::size_t layers) {
  for (std::size_t l = 0; l < layers; ++l) {
    EXPECT_TRUE(at::equal(a.layer(l).k, b.layer(l).k)) << "layer " << l;
    EXPECT_TRUE(at::equal(a.layer(l).v, b.layer(l).v)) << "layer " << l;
  }
}

TEST(EstimatorsOnModels, OneOrderAndTheShownOrderTwiceAreTheReleasedEstimatorBitForBit) {
  test::TempDir dir;
  write_synthetic_checkpoint(small_gpt2(2), dir / "m");
  const auto model = load_model(dir / "m", {});
  std::vector<std::int64_t> identity(kDemo.size());
  std::iota(identity.begin(), identity.end(), 0);
  Thinker released(*model, kDemo, {}, 4), one(*model, kDemo, with_estimator("order-average:1"), 4),
      twice(*model, kDemo, with_estimator("order-average:2"), 4, {DemoReordering{kDemo, identity}});
  for (int step = 1; step <= 4; ++step) {
    const auto& expected = released.step();
    expect_same_cache(one.step(), expected, 2);
    expect_same_cache(twice.step(), expected, 2);
  }
}

TEST(EstimatorsOnModels, LayerSequentialAgreesOnTheFirstLayerAndOnOneLayerModels) {
  test::TempDir dir;
  write_synthetic_checkpoint(small_gpt2(2), dir / "two");
  write_synthetic_checkpoint(small_gpt2(1), dir / "one");
  const auto two = load_model(dir / "two", {}), one = load_model(dir / "one", {});
  Thinker released(*two, kDemo, {}, 2), sequential(*two, kDemo, with_estimator("layer-sequential"), 2);
  released.step();
  sequential.step();
  const auto& a = released.step();
  const auto& b = sequential.step();
  expect_same_cache(a, b, 1);  // layer 0's input does not depend on any past
  EXPECT_FALSE(at::equal(a.layer(1).k, b.layer(1).k));
  Thinker released1(*one, kDemo, {}, 3), sequential1(*one, kDemo, with_estimator("layer-sequential"), 3);
  for (int step = 1; step <= 3; ++step) expect_same_cache(released1.step(), sequential1.step(), 1);
}

TEST(EstimatorsOnModels, PositionMatchedMovesOnlyContentAndNeedsLPositions) {
  test::TempDir dir;
  write_synthetic_checkpoint(small_gpt2(2), dir / "m");
  const auto model = load_model(dir / "m", {});
  std::vector<std::int64_t> long_demo(40, 7);  // 2L = 80 > 64 positions
  EXPECT_THROW(Thinker(*model, long_demo, {}, 2), Error);
  Thinker matched(*model, long_demo, with_estimator("position-matched"), 3);
  for (int step = 1; step <= 3; ++step) matched.step();
  // with the copy at the cache's own positions and an all-visible past, step 2's N_t differs from KV_1 only through
  // what the past adds; the released copy also moves every key by L positions
  Thinker released(*model, kDemo, {}, 2), matched_short(*model, kDemo, with_estimator("position-matched"), 2);
  released.step();
  matched_short.step();
  released.step();
  matched_short.step();
  for (std::size_t l = 0; l < 2; ++l)
    EXPECT_LT(matched_short.last_stats().layers[l].k_grad_norm, released.last_stats().layers[l].k_grad_norm) << l;
}

TEST(EstimatorsOnModels, UntunedLayersReportNoDirection) {
  test::TempDir dir;
  write_synthetic_checkpoint(small_gpt2(2), dir / "m");
  const auto model = load_model(dir / "m", {});
  MetaOptimizerSpec spec;
  spec.layers = parse_layer_selection("last:1", "test");
  Thinker thinker(*model, kDemo, spec, 2);
  thinker.step();
  const auto& before = thinker.kv().layer(0).k.clone();
  thinker.step();
  const auto& s = thinker.last_stats();
  EXPECT_TRUE(std::isnan(s.layers[0].k_direction_norm));
  EXPECT_TRUE(std::isnan(s.layers[0].v_direction_norm));
  EXPECT_GT(s.layers[0].k_grad_norm, 0.0);  // g_t still exists; it is not applied
  EXPECT_TRUE(at::equal(thinker.kv().layer(0).k, before));
  EXPECT_DOUBLE_EQ(s.layers[1].k_direction_norm, s.layers[1].k_grad_norm);
}

}  // namespace
}  // namespace dt
