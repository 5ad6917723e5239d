// Execution options: int8 linear weights (per-output-channel absmax scales, round to nearest, checked on a hand-worked
// matrix), the attention kernel's names and resolution, and the fused kernel equal to dt's own attention (dense rows,
// shared batch-1 past, grouped heads, ALiBi bias, a packed row's segmented plan with and without a sliding window,
// bfloat16) where LibTorch has it.
#include <gtest/gtest.h>

#include "dt/model/execution_options.h"
#include "dt/model/forward_batch.h"
#include "dt/util/error.h"
#include "model/blocks.h"

namespace dt {
namespace {

TEST(Int8Linear, QuantizesEachOutputRowByItsAbsMax) {
  // rows: absmax 2 -> scale 2/127; all zeros -> scale 1; absmax 254 -> scale 2
  const auto w = at::tensor({1.0f, -2.0f, 0.5f, 0.0f, 0.0f, 0.0f, 254.0f, 127.0f, -127.0f}).view({3, 3});
  const auto linear = blocks::quantize_int8(w, at::tensor({0.5f, 0.0f, -1.0f}));
  ASSERT_EQ(linear.weight.scalar_type(), at::kChar);
  EXPECT_TRUE(at::allclose(linear.scale, at::tensor({2.0f / 127.0f, 1.0f, 2.0f})));
  // 1 / (2/127) = 63.5 -> 64 (half to even), 0.5 / (2/127) = 31.75 -> 32; 127 / 2 = 63.5 -> 64, -63.5 -> -64
  const auto expected_q = at::tensor({64, -127, 32, 0, 0, 0, 127, 64, -64}, at::kChar).view({3, 3});
  EXPECT_TRUE(linear.weight.equal(expected_q)) << linear.weight;
  // y = (x q^T) * scale + bias
  const auto x = at::tensor({1.0f, 2.0f, 3.0f}).view({1, 3});
  const float y0 = (64 - 254 + 96) * (2.0f / 127.0f) + 0.5f, y2 = (127 + 128 - 192) * 2.0f - 1.0f;
  EXPECT_TRUE(at::allclose(linear(x), at::tensor({y0, 0.0f, y2}).view({1, 3}), 1e-5, 1e-5)) << linear(x);
}

TEST(Int8Linear, StaysWithinHalfAStepOfTheFloatProduct) {
  at::manual_seed(3);
  const auto w = at::randn({16, 32}), x = at::randn({5, 32}), b = at::randn({16});
  const auto int8 = blocks::quantize_int8(w, b);
  const blocks::Linear native{w, b, {}};
  // each weight is off by at most scale / 2, so each output by at most sum|x| * scale / 2
  const auto bound = x.abs().sum(1, true) * (int8.scale / 2).unsqueeze(0) + 1e-5;
  EXPECT_TRUE(((int8(x) - native(x)).abs() <= bound).all().item<bool>());
  // bfloat16 compute: the same within bfloat16's rounding of the products
  const auto y16 = blocks::quantize_int8(w, b.to(at::kBFloat16))(x.to(at::kBFloat16)).to(at::kFloat);
  EXPECT_TRUE(at::allclose(y16, int8(x), 0.02, 0.1)) << (y16 - int8(x)).abs().max();
}

TEST(ExecutionOptions, NamesParseBackAndUnknownNamesAreErrors) {
  for (auto p : {WeightPrecision::Native, WeightPrecision::Int8})
    EXPECT_EQ(parse_weight_precision(weight_precision_name(p), "x"), p);
  for (auto k : {AttentionKernel::Auto, AttentionKernel::Matmul, AttentionKernel::Fused})
    EXPECT_EQ(parse_attention_kernel(attention_kernel_name(k), "x"), k);
  EXPECT_THROW(parse_weight_precision("int4", "--weights"), Error);
  EXPECT_THROW(parse_attention_kernel("flash", "--attention"), Error);
}

TEST(ExecutionOptions, AutoKeepsTheCpuOnMatmulAndFusedNeedsLibTorch21) {
  EXPECT_EQ(resolve_attention_kernel(AttentionKernel::Auto, at::kCPU, "x"), AttentionKernel::Matmul);
  EXPECT_EQ(resolve_attention_kernel(AttentionKernel::Matmul, at::kCPU, "x"), AttentionKernel::Matmul);
  if (fused_attention_built())
    EXPECT_EQ(resolve_attention_kernel(AttentionKernel::Fused, at::kCPU, "x"), AttentionKernel::Fused);
  else
    EXPECT_THROW(resolve_attention_kernel(AttentionKernel::Fused, at::kCPU, "--attention"), Error);
}

// Fused equals Matmul: a dense batch over a shared past (grouped heads, bias), and a packed row with its plan.
TEST(FusedAttention, EqualsMatmulAttentionDenseAndSegmented) {
  if (!fused_attention_built()) GTEST_SKIP() << "this LibTorch has no scaled_dot_product_attention with a scale";
  at::manual_seed(5);
  const blocks::AttentionRoute fused{nullptr, AttentionKernel::Fused};
  {
    const std::int64_t B = 3, H = 4, Hkv = 2, P = 6, S = 5, D = 8;
    const LayerKV past{at::randn({1, Hkv, P, D}), at::randn({1, Hkv, P, D})};
    const LayerKV fresh{at::randn({B, Hkv, S, D}), at::randn({B, Hkv, S, D})};
    const auto q = at::randn({B, H, S, D});
    const auto mask = make_causal_batch(at::zeros({B, S}, at::kLong), P).attend.unsqueeze(1);
    for (const auto& bias : {at::Tensor(), at::randn({1, H, 1, P + S})}) {
      const auto a = blocks::attention(q, fresh, {&past}, mask, bias, 0.35);
      const auto b = blocks::attention(q, fresh, {&past}, mask, bias, 0.35, fused);
      EXPECT_TRUE(at::allclose(a, b, 1e-5, 1e-5)) << (a - b).abs().max();
    }
  }
  // A packed row after a 4-key exemplar and a 5-key prompt (three segments), as in test_attention.cpp.
  const auto batch = make_packed_batch(at::zeros({1, 6}, at::kLong),
                                       {{0, 2, 4, {{0, 4}}}, {2, 3, 6, {{0, 4}, {5, 8}}}, {5, 1, 9, {{0, 9}}}},
                                       {0, 1, 2, 3, 4, 5, 6, 7, 8});
  const auto plan = blocks::plan_segmented_keys(batch, 9, /*always=*/true);
  ASSERT_TRUE(plan);
  const std::int64_t H = 4, Hkv = 2, D = 8, S = 6;
  const LayerKV exemplar{at::randn({1, Hkv, 4, D}), at::randn({1, Hkv, 4, D})};
  const LayerKV prompt{at::randn({1, Hkv, 5, D}), at::randn({1, Hkv, 5, D})};
  const LayerKV fresh{at::randn({1, Hkv, S, D}), at::randn({1, Hkv, S, D})};
  const auto q = at::randn({1, H, S, D});
  const auto mask = batch.attend.unsqueeze(1);
  const blocks::AttentionRoute fused_plan{plan.get(), AttentionKernel::Fused};
  // a sliding window of 3 hides part of the exemplar (the dense prefix) from later tokens
  const auto windowed = blocks::sliding_window_mask(mask, batch, 3);
  for (const auto& m : {mask, windowed})
    for (const auto& bias : {at::Tensor(), at::randn({1, H, 1, 15})}) {
      const auto dense = blocks::attention(q, fresh, {&exemplar, &prompt}, m, bias, 0.3);
      const auto got = blocks::attention(q, fresh, {&exemplar, &prompt}, m, bias, 0.3, fused_plan);
      EXPECT_TRUE(at::allclose(got, dense, 1e-5, 1e-5)) << (got - dense).abs().max();
    }
  auto half = [](const LayerKV& kv) { return LayerKV{kv.k.to(at::kBFloat16), kv.v.to(at::kBFloat16)}; };
  const auto ex16 = half(exemplar), pr16 = half(prompt), fr16 = half(fresh);
  const auto q16 = q.to(at::kBFloat16);
  const auto dense = blocks::attention(q16, fr16, {&ex16, &pr16}, mask, {}, 0.3).to(at::kFloat);
  const auto got = blocks::attention(q16, fr16, {&ex16, &pr16}, mask, {}, 0.3, fused_plan).to(at::kFloat);
  EXPECT_TRUE(at::allclose(got, dense, 2e-2, 2e-2)) << (got - dense).abs().max();
}

}  // namespace
}  // namespace dt
