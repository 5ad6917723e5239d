// Meta-optimizers against values worked out by hand from the equations in meta_optimizer.h, and the registry's
// parsing, domains, layer schedules and stored forms (meta_optimizer_spec.h).
#include <gtest/gtest.h>

#include <cmath>

#include "dt/think/meta_optimizer.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using Kind = MetaOptimizerSpec::Kind;

at::Tensor vec(std::vector<float> v) { return at::tensor(v); }

void expect_values(const at::Tensor& t, std::vector<float> expected) {
  ASSERT_EQ(t.numel(), static_cast<std::int64_t>(expected.size()));
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_FLOAT_EQ(t[static_cast<std::int64_t>(i)].item<float>(), expected[i]);
}

MetaOptimizerSpec spec_of(Kind kind, double step_size, double momentum) {
  MetaOptimizerSpec spec;
  spec.kind = kind;
  spec.step_size = step_size;
  spec.momentum = momentum;
  return spec;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(MetaOptimizer, MomentumStartsWithTheFirstGradientThenAccumulates) {
  auto opt = make_meta_optimizer(spec_of(Kind::Momentum, 0.5, 0.5));
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
  spec.kind = Kind::Gate;
  spec.eta = 0.25;
  auto opt = make_meta_optimizer(spec);
  auto u = opt->update(vec({1, 2}), vec({2, 6}));  // 0.25*[2,6] + 0.75*[1,2]
  expect_values(u.value, {1.25f, 3});
  expect_values(u.gradient, {1, 4});
  expect_values(u.direction, {1, 4});
  u = opt->update(u.value, vec({1.25f, 3}));  // no memory: a fixed point stays put
  expect_values(u.value, {1.25f, 3});
}

TEST(MetaOptimizer, NesterovStepsAlongTheLookAheadDirection) {
  auto opt = make_meta_optimizer(spec_of(Kind::Nesterov, 0.5, 0.5));
  // g = [1,0]; m = [1,0]; d = g + 0.5 m = [1.5,0]; KV = [1,2] + 0.5*[1.5,0] = [1.75,2]
  auto u = opt->update(vec({1, 2}), vec({2, 2}));
  expect_values(u.direction, {1.5f, 0});
  expect_values(u.value, {1.75f, 2});
  // g = [0,4] - [1.75,2] = [-1.75,2]; m = g + 0.5*[1,0] = [-1.25,2]; d = g + 0.5 m = [-2.375,3];
  // KV = [1.75,2] + 0.5*[-2.375,3] = [0.5625,3.5]
  u = opt->update(u.value, vec({0, 4}));
  expect_values(u.gradient, {-1.75f, 2});
  expect_values(u.direction, {-2.375f, 3});
  expect_values(u.value, {0.5625f, 3.5f});
}

TEST(MetaOptimizer, AdamCorrectsTheBiasOfBothMoments) {
  MetaOptimizerSpec spec = spec_of(Kind::Adam, 0.1, 0);
  spec.beta1 = 0.5;
  spec.beta2 = 0.75;
  spec.delta = 1e-8;
  auto opt = make_meta_optimizer(spec);
  // t = 1: g = [2,-4]; a = 0.5 g = [1,-2]; b = 0.25 g^2 = [1,4]; a^ = a/0.5 = [2,-4]; b^ = b/0.25 = [4,16];
  // d = a^ / sqrt(b^) = [1,-1]; KV = 0 + 0.1 d
  auto u = opt->update(vec({0, 0}), vec({2, -4}));
  expect_values(u.direction, {1, -1});
  expect_values(u.value, {0.1f, -0.1f});
  // t = 2: g = [1,0]; a = 0.5 [1,-2] + 0.5 [1,0] = [1,-1]; b = 0.75 [1,4] + 0.25 [1,0] = [1,3];
  // a^ = a / (1 - 0.25) = [4/3,-4/3]; b^ = b / (1 - 0.5625) = [16/7, 48/7]; d = [sqrt7/3, -sqrt7/(3 sqrt3)]
  u = opt->update(u.value, vec({1.1f, -0.1f}));
  const double d0 = std::sqrt(7.0) / 3, d1 = -std::sqrt(7.0) / (3 * std::sqrt(3.0));
  expect_values(u.direction, {static_cast<float>(d0), static_cast<float>(d1)});
  expect_values(u.value, {static_cast<float>(0.1 + 0.1 * d0), static_cast<float>(-0.1 + 0.1 * d1)});
}

TEST(MetaOptimizer, AdamKeepsFloat32MomentsForHalfPrecision) {
  MetaOptimizerSpec spec = spec_of(Kind::Adam, 0.1, 0);
  auto opt = make_meta_optimizer(spec);
  // an element whose g stays 0: 0 / (sqrt(0) + delta) = 0, where delta = 1e-8 would round to 0 in float16 (NaN)
  auto u = opt->update(vec({1, 2}).to(at::kHalf), vec({1, 3}).to(at::kHalf));
  EXPECT_EQ(u.value.scalar_type(), at::kHalf);
  EXPECT_TRUE(u.value.isfinite().all().item<bool>());
  const float in_half = vec({2.1f}).to(at::kHalf).to(at::kFloat).item<float>();  // 2 + 0.1 * 1, rounded to float16
  expect_values(u.value.to(at::kFloat), {1, in_half});
}

TEST(MetaOptimizer, NormalizedTakesAStepOfFixedRelativeSize) {
  auto opt = make_meta_optimizer(spec_of(Kind::Normalized, 0.5, 0));
  // ||KV|| = ||[3,4]|| = 5; g = m = [0,1], ||m|| = 1; d = m / 1 * 5 = [0,5]; KV = [3,4] + 0.5*[0,5]
  auto u = opt->update(vec({3, 4}), vec({3, 5}));
  expect_values(u.direction, {0, 5});
  expect_values(u.value, {3, 6.5f});
  // m = 0 (no change asked for): no step, and no division by zero
  u = opt->update(u.value, u.value);
  expect_values(u.direction, {0, 0});
  expect_values(u.value, {3, 6.5f});
}

TEST(MetaOptimizer, MomentumAndGateAreBitIdenticalToTheReleasedArithmetic) {
  // The released code's updates, written out here as the expressions dt used before the registry existed:
  // momentum KV + eps * m with m = g + beta * m, gate eta * N + (1 - eta) * KV, in float32 on random tensors.
  at::manual_seed(0);
  auto momentum = make_meta_optimizer(spec_of(Kind::Momentum, 0.01, 0.9));
  MetaOptimizerSpec gate_spec;
  gate_spec.kind = Kind::Gate;
  gate_spec.eta = 0.1;
  auto gate = make_meta_optimizer(gate_spec);
  auto kv = at::randn({2, 3, 5, 4}), gate_kv = kv.clone();
  at::Tensor m;
  for (int step = 0; step < 4; ++step) {
    const auto fresh = at::randn({2, 3, 5, 4});
    const auto g = fresh - kv;
    m = m.defined() ? g + 0.9 * m : g;
    const auto expected = kv + 0.01 * m;
    kv = momentum->update(kv, fresh).value;
    EXPECT_TRUE(at::equal(kv, expected)) << "momentum, update " << step;
    const auto expected_gate = 0.1 * fresh + (1.0 - 0.1) * gate_kv;
    gate_kv = gate->update(gate_kv, fresh).value;
    EXPECT_TRUE(at::equal(gate_kv, expected_gate)) << "gate, update " << step;
  }
}

TEST(MetaOptimizer, EachInstanceKeepsItsOwnMomentum) {
  const auto spec = spec_of(Kind::Momentum, 1.0, 1.0);
  auto k = make_meta_optimizer(spec);
  auto v = make_meta_optimizer(spec);
  k->update(vec({0}), vec({10}));           // k's m = 10
  auto uv = v->update(vec({0}), vec({1}));  // v's m = 1, untouched by k
  expect_values(uv.direction, {1});
  auto uk = k->update(vec({0}), vec({1}));  // k: g = 1, m = 1 + 10
  expect_values(uk.direction, {11});
}

TEST(MetaOptimizer, TheLayerScaleMultipliesTheStepAndZeroKeepsTheValueExactly) {
  auto half = make_meta_optimizer(spec_of(Kind::Momentum, 0.5, 0.5), 0.5);
  expect_values(half->update(vec({1, 2}), vec({2, 2})).value, {1.25f, 2});  // [1,2] + 0.25*[1,0]
  MetaOptimizerSpec gate;
  gate.kind = Kind::Gate;
  gate.eta = 0.5;
  expect_values(make_meta_optimizer(gate, 0.5)->update(vec({0}), vec({4})).value, {1});  // 0.25*4 + 0.75*0
  const auto kept = vec({1.0f / 3, 2});
  for (const Kind kind : {Kind::Momentum, Kind::Gate, Kind::Nesterov, Kind::Adam, Kind::Normalized}) {
    auto frozen = make_meta_optimizer(spec_of(kind, 0.5, 0.5), 0.0);
    const auto u = frozen->update(kept, vec({5, 5}));
    EXPECT_TRUE(at::equal(u.value, kept)) << meta_optimizer_kind(kind).name;
    expect_values(u.gradient, {5 - 1.0f / 3, 3});
  }
}

TEST(LayerSchedule, SelectsLayersAndRampsTheScaleOverDepth) {
  const auto all = parse_layer_selection("all", "x");
  EXPECT_EQ(all.scale(0, 4), 1.0);
  const auto last = parse_layer_selection("last:2", "x");
  EXPECT_EQ((std::vector<double>{last.scale(0, 4), last.scale(1, 4), last.scale(2, 4), last.scale(3, 4)}),
            (std::vector<double>{0, 0, 1, 1}));
  const auto first = parse_layer_selection("first:1", "x");
  EXPECT_EQ((std::vector<double>{first.scale(0, 3), first.scale(1, 3)}), (std::vector<double>{1, 0}));
  auto list = parse_layer_selection("3,0", "x");
  EXPECT_EQ(list.indices, (std::vector<std::int64_t>{0, 3}));
  EXPECT_EQ((std::vector<double>{list.scale(0, 4), list.scale(1, 4), list.scale(3, 4)}),
            (std::vector<double>{1, 0, 1}));
  LayerSchedule ramp;
  ramp.ramp_from = 0;
  ramp.ramp_to = 1;
  EXPECT_EQ((std::vector<double>{ramp.scale(0, 3), ramp.scale(1, 3), ramp.scale(2, 3)}),
            (std::vector<double>{0, 0.5, 1}));
  auto last_ramp = parse_layer_selection("last:2", "x");
  last_ramp.ramp_from = 0;
  last_ramp.ramp_to = 1;
  EXPECT_EQ((std::vector<double>{last_ramp.scale(1, 4), last_ramp.scale(2, 4), last_ramp.scale(3, 4)}),
            (std::vector<double>{0, 2.0 / 3, 1}));
  EXPECT_NE(
      error_of([&] { last.scale(0, 1); }).find("layers = \"last:2\" tunes 2 layers but the model has 1 layers (0..0)"),
      std::string::npos);
  EXPECT_NE(error_of([&] { list.scale(0, 3); }).find("names layer 3 but the model has 3 layers (0..2)"),
            std::string::npos);
}

TEST(LayerSchedule, BadSelectionsAreOneErrorNamingWhere) {
  for (const char* bad : {"last:0", "first", "last:", "1,,2", ",1", "top:2", "-1", "last:x"})
    EXPECT_NE(error_of([&] { parse_layer_selection(bad, "--layers"); }).find("--layers: layers must be"),
              std::string::npos)
        << bad;
}

TEST(MetaOptimizerRegistry, KindsParseAndUnknownOnesListTheKnown) {
  EXPECT_EQ(parse_meta_optimizer_kind("adam", "x"), Kind::Adam);
  EXPECT_EQ(error_of([] { parse_meta_optimizer_kind("sgd", "--optimizer"); }),
            "--optimizer: unknown meta-optimizer 'sgd' (momentum, gate, nesterov, adam, normalized)");
}

TEST(MetaOptimizerRegistry, DomainsAreCheckedAndNamed) {
  MetaOptimizerSpec adam = spec_of(Kind::Adam, 0.1, 0);
  adam.beta1 = 1.0;
  EXPECT_EQ(meta_optimizer_problem(adam), "adam beta1 must be [0, 1) (got 1)");
  adam.beta1 = 0.9;
  adam.delta = 0;
  EXPECT_EQ(meta_optimizer_problem(adam), "adam delta must be > 0 (got 0)");
  EXPECT_EQ(meta_optimizer_problem(spec_of(Kind::Nesterov, 0, 0.9)), "nesterov step_size must be > 0 (got 0)");
  EXPECT_EQ(meta_optimizer_problem(spec_of(Kind::Normalized, 0.1, -1)), "normalized momentum must be >= 0 (got -1)");
  MetaOptimizerSpec gate;
  gate.kind = Kind::Gate;
  gate.eta = 1.5;
  EXPECT_EQ(meta_optimizer_problem(gate), "gate eta must be (0, 1] (got 1.5)");
  auto ramp = spec_of(Kind::Momentum, 0.1, 0.9);
  ramp.layers.ramp_to = -1;
  EXPECT_EQ(meta_optimizer_problem(ramp), "ramp scales must be finite and >= 0 (got -1)");
  EXPECT_EQ(meta_optimizer_problem(spec_of(Kind::Momentum, 0.01, 0.9)), std::nullopt);
}

TEST(MetaOptimizerRegistry, StoredFormsKeepMomentumAndGateAsBefore) {
  const auto momentum = spec_of(Kind::Momentum, 0.01, 0.9);
  EXPECT_EQ(momentum.to_json(), (nlohmann::json{{"kind", "momentum"}, {"step_size", 0.01}, {"momentum", 0.9}}));
  EXPECT_EQ(momentum.describe(), "momentum(step_size=0.01,momentum=0.9)");
  EXPECT_EQ(momentum.grid_id(), "mom0.01-0.9");
  MetaOptimizerSpec gate;
  gate.kind = Kind::Gate;
  gate.eta = 0.3;
  EXPECT_EQ(gate.to_json(), (nlohmann::json{{"kind", "gate"}, {"eta", 0.3}}));
  EXPECT_EQ(gate.describe(), "gate(eta=0.3)");
  EXPECT_EQ(gate.grid_id(), "gate0.3");
  auto adam = spec_of(Kind::Adam, 0.001, 0.9);
  adam.layers = parse_layer_selection("last:2", "x");
  adam.layers.ramp_from = 0;
  EXPECT_EQ(adam.to_json(), (nlohmann::json{{"kind", "adam"},
                                            {"step_size", 0.001},
                                            {"beta1", 0.9},
                                            {"beta2", 0.999},
                                            {"delta", 1e-8},
                                            {"layers", "last:2"},
                                            {"ramp", {0.0, 1.0}}}));
  EXPECT_EQ(adam.describe(), "adam(step_size=0.001,beta1=0.9,beta2=0.999,delta=1e-08,layers=last:2,ramp=0..1)");
  EXPECT_EQ(adam.grid_id(), "adam0.001-0.9-0.999-1e-08-last2-ramp0-1");
  auto listed = spec_of(Kind::Nesterov, 0.01, 0.9);
  listed.layers = parse_layer_selection("0,3", "x");
  EXPECT_EQ(listed.to_json()["layers"], (nlohmann::json{0, 3}));
  EXPECT_EQ(listed.grid_id(), "nest0.01-0.9-L0.3");
}

}  // namespace
}  // namespace dt
