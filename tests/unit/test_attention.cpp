// Shared attention: equal to a direct softmax(q.k * scale + mask) v, whatever the past's segmentation, whether a
// batch-1 segment is shared or expanded, and with grouped-query heads equal to repeated heads. Segmented attention
// over a packed row equals the dense masked attention (grouped heads, ALiBi bias, half precision), and so does the
// fused kernel (LibTorch >= 2.1), dense and over a packed row with and without a sliding window. Rotary and ALiBi
// tables follow their formulas.
#include <gtest/gtest.h>

#include "dt/model/execution_options.h"
#include "dt/model/forward_batch.h"
#include "model/blocks.h"

namespace dt {
namespace {

struct Case {
  at::Tensor q, k_past, v_past, k_new, v_new, mask;
};

// B rows, H query heads over Hkv key heads, past of P keys shared by all rows (batch 1), S new tokens.
Case make_case(std::int64_t B, std::int64_t H, std::int64_t Hkv, std::int64_t P, std::int64_t S, std::int64_t D) {
  at::manual_seed(7);
  Case c;
  c.q = at::randn({B, H, S, D});
  c.k_past = at::randn({1, Hkv, P, D});
  c.v_past = at::randn({1, Hkv, P, D});
  c.k_new = at::randn({B, Hkv, S, D});
  c.v_new = at::randn({B, Hkv, S, D});
  // causal over the new keys, the past fully visible, and one masked past key in row 0
  auto mask = at::ones({B, 1, S, P + S}, at::kBool);
  mask.narrow(3, P, S).copy_(at::ones({S, S}, at::kBool).tril());
  mask[0][0].select(1, 1).fill_(false);
  c.mask = mask;
  return c;
}

at::Tensor direct(const Case& c, double scale) {
  const auto B = c.q.size(0), H = c.q.size(1);
  const auto G = H / c.k_new.size(1);
  const auto k = at::cat({c.k_past.expand({B, -1, -1, -1}), c.k_new}, 2).repeat_interleave(G, 1);
  const auto v = at::cat({c.v_past.expand({B, -1, -1, -1}), c.v_new}, 2).repeat_interleave(G, 1);
  auto scores = at::matmul(c.q, k.transpose(-1, -2)) * scale;
  scores = scores.masked_fill(c.mask.logical_not(), -1e30);
  return at::matmul(at::softmax(scores, -1), v);
}

TEST(Attention, MatchesDirectFormulaWithSharedPastAndGroupedHeads) {
  const auto c = make_case(3, 4, 2, 6, 5, 8);
  const LayerKV past{c.k_past, c.v_past}, fresh{c.k_new, c.v_new};
  const auto got = blocks::attention(c.q, fresh, {&past}, c.mask, {}, 0.35);
  EXPECT_TRUE(at::allclose(got, direct(c, 0.35), 1e-5, 1e-5));
}

TEST(Attention, SharedPastEqualsExpandedPast) {
  const auto c = make_case(3, 4, 4, 6, 5, 8);
  const LayerKV shared{c.k_past, c.v_past};
  const LayerKV expanded{c.k_past.expand({3, -1, -1, -1}).contiguous(), c.v_past.expand({3, -1, -1, -1}).contiguous()};
  const LayerKV fresh{c.k_new, c.v_new};
  const auto a = blocks::attention(c.q, fresh, {&shared}, c.mask, {}, 0.35);
  const auto b = blocks::attention(c.q, fresh, {&expanded}, c.mask, {}, 0.35);
  EXPECT_TRUE(at::allclose(a, b, 1e-6, 1e-6));
}

TEST(Attention, SegmentedPastEqualsConcatenatedPast) {
  const auto c = make_case(2, 4, 2, 6, 3, 8);
  const LayerKV whole{c.k_past, c.v_past}, fresh{c.k_new, c.v_new};
  const LayerKV first{c.k_past.narrow(2, 0, 2), c.v_past.narrow(2, 0, 2)};
  const LayerKV second{c.k_past.narrow(2, 2, 4), c.v_past.narrow(2, 2, 4)};
  const auto a = blocks::attention(c.q, fresh, {&whole}, c.mask, {}, 1.0);
  const auto b = blocks::attention(c.q, fresh, {&first, &second}, c.mask, {}, 1.0);
  EXPECT_TRUE(at::allclose(a, b, 1e-6, 1e-6));
}

TEST(Attention, AdditiveBiasIsAddedBeforeTheMask) {
  const auto c = make_case(2, 2, 2, 3, 4, 4);
  const LayerKV past{c.k_past, c.v_past}, fresh{c.k_new, c.v_new};
  const auto bias = at::randn({1, 2, 4, 7});
  const auto got = blocks::attention(c.q, fresh, {&past}, c.mask, bias, 0.5);
  const auto k = at::cat({c.k_past.expand({2, -1, -1, -1}), c.k_new}, 2);
  const auto v = at::cat({c.v_past.expand({2, -1, -1, -1}), c.v_new}, 2);
  auto scores = (at::matmul(c.q, k.transpose(-1, -2)) * 0.5 + bias).masked_fill(c.mask.logical_not(), -1e30);
  EXPECT_TRUE(at::allclose(got, at::matmul(at::softmax(scores, -1), v), 1e-5, 1e-5));
}

// A packed row after a 4-key exemplar and a 5-key prompt: A (2 tokens) sees the exemplar, B (3 tokens) the exemplar
// and prompt keys 1..3, C (1 token) the exemplar and the whole prompt.
ForwardBatch packed_row() {
  const auto ids = at::zeros({1, 6}, at::kLong);
  return make_packed_batch(ids, {{0, 2, 4, {{0, 4}}}, {2, 3, 6, {{0, 4}, {5, 8}}}, {5, 1, 9, {{0, 9}}}},
                           {0, 1, 2, 3, 4, 5, 6, 7, 8});
}

TEST(SegmentedAttention, PlanKeepsTheSharedPrefixDenseAndPadsOnlyTheRest) {
  const auto plan = blocks::plan_segmented_keys(packed_row(), 9, /*always=*/true);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->dense_keys, 4);
  EXPECT_EQ(plan->segments, 3);
  EXPECT_EQ(plan->slots, 3);
  EXPECT_EQ(plan->own_keys, 6);  // B: prompt keys 5..7 and its 3 tokens
  // token 5 is C's only token: its own keys are the prompt (4..8) and itself (9 + 5); A's 2 keys are padded to 6
  const auto keys = plan->token_keys[5];
  EXPECT_EQ(keys[0].item<std::int64_t>(), 4);
  EXPECT_EQ(keys[5].item<std::int64_t>(), 14);
  EXPECT_EQ(plan->token_key_real[0].sum().item<std::int64_t>(), 2);  // A: itself and its next token
  // one segment, or a batch that is not packed, has no plan
  auto single = make_packed_batch(at::zeros({1, 2}, at::kLong), {{0, 2, 4, {{0, 4}}}}, {0, 1, 2, 3});
  EXPECT_FALSE(blocks::plan_segmented_keys(single, 4, true));
  EXPECT_FALSE(blocks::plan_segmented_keys(make_causal_batch(at::zeros({2, 3}, at::kLong), 4), 4, true));
}

// Random queries and K/V for packed_row() after its exemplar and prompt: 4 query heads over 2 key heads, head width 8.
struct PackedCase {
  static constexpr std::int64_t H = 4, Hkv = 2, D = 8, S = 6;
  ForwardBatch batch = packed_row();
  std::shared_ptr<const blocks::SegmentedKeys> plan = blocks::plan_segmented_keys(batch, 9, /*always=*/true);
  LayerKV exemplar{at::randn({1, Hkv, 4, D}), at::randn({1, Hkv, 4, D})};
  LayerKV prompt{at::randn({1, Hkv, 5, D}), at::randn({1, Hkv, 5, D})};
  LayerKV fresh{at::randn({1, Hkv, S, D}), at::randn({1, Hkv, S, D})};
  at::Tensor q = at::randn({1, H, S, D});
  at::Tensor mask = batch.attend.unsqueeze(1);

  // blocks::attention over this row in `dtype` along `route` (dense matmul by default), as float32.
  at::Tensor attend(const at::Tensor& m, const at::Tensor& bias, const blocks::AttentionRoute& route = {},
                    at::ScalarType dtype = at::kFloat) const {
    auto as = [&](const LayerKV& kv) { return LayerKV{kv.k.to(dtype), kv.v.to(dtype)}; };
    const auto ex = as(exemplar), pr = as(prompt), fr = as(fresh);
    return blocks::attention(q.to(dtype), fr, {&ex, &pr}, m, bias, 0.3, route).to(at::kFloat);
  }
};

TEST(SegmentedAttention, EqualsDenseMaskedAttentionWithGroupedHeadsBiasAndHalfPrecision) {
  at::manual_seed(11);
  const PackedCase c;
  ASSERT_TRUE(c.plan);
  for (const auto& b : {at::Tensor(), at::randn({1, PackedCase::H, 1, 15})}) {
    const auto dense = c.attend(c.mask, b), segmented = c.attend(c.mask, b, c.plan.get());
    EXPECT_TRUE(at::allclose(segmented, dense, 1e-5, 1e-5)) << (segmented - dense).abs().max().item<double>();
  }
  const auto dense = c.attend(c.mask, {}, {}, at::kBFloat16);
  const auto segmented = c.attend(c.mask, {}, c.plan.get(), at::kBFloat16);
  EXPECT_TRUE(at::allclose(segmented, dense, 2e-2, 2e-2));
}

// Fused equals Matmul: a dense batch over a shared past (grouped heads, bias), and a packed row with its plan.
TEST(FusedAttention, EqualsMatmulAttentionDenseAndSegmented) {
  if (!fused_attention_built()) GTEST_SKIP() << "this LibTorch has no scaled_dot_product_attention with a scale";
  at::manual_seed(5);
  {
    const std::int64_t B = 3, H = 4, Hkv = 2, P = 6, S = 5, D = 8;
    const LayerKV past{at::randn({1, Hkv, P, D}), at::randn({1, Hkv, P, D})};
    const LayerKV fresh{at::randn({B, Hkv, S, D}), at::randn({B, Hkv, S, D})};
    const auto q = at::randn({B, H, S, D});
    const auto mask = make_causal_batch(at::zeros({B, S}, at::kLong), P).attend.unsqueeze(1);
    const blocks::AttentionRoute fused{nullptr, AttentionKernel::Fused};
    for (const auto& bias : {at::Tensor(), at::randn({1, H, 1, P + S})}) {
      const auto a = blocks::attention(q, fresh, {&past}, mask, bias, 0.35);
      const auto b = blocks::attention(q, fresh, {&past}, mask, bias, 0.35, fused);
      EXPECT_TRUE(at::allclose(a, b, 1e-5, 1e-5)) << (a - b).abs().max();
    }
  }
  const PackedCase c;
  ASSERT_TRUE(c.plan);
  const blocks::AttentionRoute fused_plan{c.plan.get(), AttentionKernel::Fused};
  // a sliding window of 3 hides part of the exemplar (the dense prefix) from later tokens
  const auto windowed = blocks::sliding_window_mask(c.mask, c.batch, 3);
  for (const auto& m : {c.mask, windowed})
    for (const auto& bias : {at::Tensor(), at::randn({1, PackedCase::H, 1, 15})}) {
      const auto dense = c.attend(m, bias), got = c.attend(m, bias, fused_plan);
      EXPECT_TRUE(at::allclose(got, dense, 1e-5, 1e-5)) << (got - dense).abs().max();
    }
  const auto dense = c.attend(c.mask, {}, {}, at::kBFloat16);
  const auto got = c.attend(c.mask, {}, fused_plan, at::kBFloat16);
  EXPECT_TRUE(at::allclose(got, dense, 2e-2, 2e-2)) << (got - dense).abs().max();
}

TEST(Rotary, HalfSplitRotatesPairsIAndIPlusHalf) {
  // one head, dim 4, position 1: pairs (x0, x2) and (x1, x3) rotate by angles 1 * inv_freq[0] and 1 * inv_freq[1]
  const auto rotary = blocks::make_rotary(4, 10000.0, blocks::RotaryStyle::HalfSplit);
  at::Tensor cos, sin;
  blocks::rotary_tables(rotary, at::tensor({1}, at::kLong).view({1, 1}), at::kFloat, cos, sin);
  const auto x = at::tensor({1.0f, 2.0f, 3.0f, 4.0f}).view({1, 1, 1, 4});
  const auto y = blocks::apply_rotary(rotary, x, cos, sin).flatten();
  const double a0 = 1.0, a1 = 1.0 / 100.0;  // inv_freq = 1 / 10000^(2i/4)
  EXPECT_NEAR(y[0].item<double>(), 1 * std::cos(a0) - 3 * std::sin(a0), 1e-5);
  EXPECT_NEAR(y[2].item<double>(), 3 * std::cos(a0) + 1 * std::sin(a0), 1e-5);
  EXPECT_NEAR(y[1].item<double>(), 2 * std::cos(a1) - 4 * std::sin(a1), 1e-5);
  EXPECT_NEAR(y[3].item<double>(), 4 * std::cos(a1) + 2 * std::sin(a1), 1e-5);
}

TEST(Rotary, InterleavedRotatesAdjacentPairsAndPartialDimsPassThrough) {
  const auto rotary = blocks::make_rotary(2, 10000.0, blocks::RotaryStyle::Interleaved);
  at::Tensor cos, sin;
  blocks::rotary_tables(rotary, at::tensor({3}, at::kLong).view({1, 1}), at::kFloat, cos, sin);
  const auto x = at::tensor({1.0f, 2.0f, 5.0f, 6.0f}).view({1, 1, 1, 4});
  const auto y = blocks::apply_rotary(rotary, x, cos, sin).flatten();
  EXPECT_NEAR(y[0].item<double>(), 1 * std::cos(3.0) - 2 * std::sin(3.0), 1e-5);
  EXPECT_NEAR(y[1].item<double>(), 2 * std::cos(3.0) + 1 * std::sin(3.0), 1e-5);
  EXPECT_FLOAT_EQ(y[2].item<float>(), 5.0f);
  EXPECT_FLOAT_EQ(y[3].item<float>(), 6.0f);
}

TEST(Alibi, SlopesFollowHfIncludingTheExtraSlopesForSixHeads) {
  // HF build_alibi_tensor, 6 heads: the 4-head series 2^(-8i/4), i = 1..4, then 2^(-8i/8) for i = 1, 3
  const std::vector<double> six = {std::pow(2.0, -2), std::pow(2.0, -4), std::pow(2.0, -6),
                                   std::pow(2.0, -8), std::pow(2.0, -1), std::pow(2.0, -3)};
  const auto slopes = blocks::alibi_slopes(6);
  ASSERT_EQ(slopes.size(0), 6);
  for (std::int64_t h = 0; h < 6; ++h)
    EXPECT_DOUBLE_EQ(slopes[h].item<double>(), six[static_cast<std::size_t>(h)]) << h;
  // 12 heads: 8 from 2^(-i), i = 1..8, then 2^(-i/2) for i = 1, 3, 5, 7
  const auto twelve = blocks::alibi_slopes(12);
  ASSERT_EQ(twelve.size(0), 12);
  EXPECT_DOUBLE_EQ(twelve[7].item<double>(), std::pow(2.0, -8));
  EXPECT_NEAR(twelve[8].item<double>(), std::pow(2.0, -0.5), 1e-7);
  EXPECT_NEAR(twelve[11].item<double>(), std::pow(2.0, -3.5), 1e-7);
}

TEST(Alibi, BiasIsSlopeTimesKeyPositionBroadcastOverQueries) {
  const auto slopes = blocks::alibi_slopes(2);  // 2^-4, 2^-8
  const auto bias = blocks::alibi_bias(slopes, at::arange(3, at::kLong).view({1, 3}), at::kFloat);
  ASSERT_EQ(bias.sizes(), (std::vector<std::int64_t>{1, 2, 1, 3}));
  EXPECT_DOUBLE_EQ(bias[0][0][0][2].item<double>(), 2 * std::pow(2.0, -4));
  EXPECT_DOUBLE_EQ(bias[0][1][0][1].item<double>(), std::pow(2.0, -8));
}

}  // namespace
}  // namespace dt
