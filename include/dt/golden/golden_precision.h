// GoldenPrecision: where and in which compute dtype a golden check runs, and the tolerances that go with it.
//  - float32 (CPU or CUDA): ../shared/golden/README.md's tolerances: log-probs and logits |a-b| <= 1e-4 + 1e-4|b|,
//    K/V norms relative 1e-5, K/V samples |a-b| <= 1e-5 + 1e-4|b|; predictions exact.
//  - bfloat16 / float16, against the same float32 expectations: log-probs and logits |a-b| <= 0.3 + 0.03|b|,
//    K/V norms relative 0.01, K/V samples |a-b| <= 0.05 + 0.03|b|; a prediction may differ only where the
//    reference's own scores of the two choices involved are within that log-prob tolerance of each other (a near
//    tie that 8 bits of mantissa cannot resolve); every such case is counted and reported. Why so loose: bfloat16
//    rounds at 2^-9 (0.2 %) and the fixtures' weights are deliberately ~7x HF's initial scale, so after two layers
//    a logit near 1 carries 0.1-0.2 of absolute error (measured on the CPU: worst 0.18, GPT-Neo).
//  - int8 weights (execution_options.h), in any dtype: twice those: log-probs and logits |a-b| <= 0.6 + 0.06|b|,
//    K/V norms relative 0.02, K/V samples |a-b| <= 0.1 + 0.06|b|, near-tie predictions as above. Each weight is off
//    by up to its row's absmax / 254; measured on the CPU (float32 / bfloat16 compute), the worst deviation is
//    0.91 / 1.41 of the bfloat16 tolerances (GPT-Neo's unscaled attention logits), 0.45 / 0.70 of these.
#pragma once

#include <ATen/core/TensorBody.h>

#include <string>
#include <vector>

#include "dt/golden/tolerance_ledger.h"
#include "dt/model/registry.h"

namespace dt {

struct GoldenPrecision {
  at::Device device = at::kCPU;
  at::ScalarType dtype = at::kFloat;
  WeightPrecision weights = WeightPrecision::Native;
  AttentionKernel attention = AttentionKernel::Auto;
  Tolerance log_prob{1e-4, 1e-4}, logit{1e-4, 1e-4}, norm{0.0, 1e-5}, sample{1e-5, 1e-4};
  bool exact_predictions = true;

  static GoldenPrecision of(const at::Device& device, at::ScalarType dtype,
                            WeightPrecision weights = WeightPrecision::Native,
                            AttentionKernel attention = AttentionKernel::Auto);
  // The model options the checks load with.
  ModelOptions model_options() const { return {dtype, device, weights, attention}; }
  // Records the predicted choice `got` against `expected` under the rule above; `expected_scores` are the
  // reference's scores of the query's choices. Returns true when a differing prediction was allowed as a near tie.
  bool check_prediction(ToleranceLedger& ledger, const std::string& field, long long got, long long expected,
                        const std::vector<double>& expected_scores) const;
  // "float32 on cpu (README tolerances)" or "bfloat16 on cuda:0 (reduced-precision tolerances)".
  std::string describe() const;
};

}  // namespace dt
