// Execution options: int8 linear weights (per-output-channel absmax scales, round to nearest, checked on a hand-worked
// matrix) and the attention kernel's names and resolution. The fused kernel's numbers are in test_attention.cpp.
#include <gtest/gtest.h>

#include "dt/model/execution_options.h"
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

}  // namespace
}  // namespace dt
