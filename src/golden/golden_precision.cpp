// GoldenPrecision::of: the tolerances of a device and compute dtype (see golden_precision.h).
#include "dt/golden/golden_precision.h"

#include <cmath>

#include "dt/model/registry.h"

namespace dt {

GoldenPrecision GoldenPrecision::of(const at::Device& device, at::ScalarType dtype, WeightPrecision weights,
                                    AttentionKernel attention) {
  GoldenPrecision p;
  p.device = device;
  p.dtype = dtype;
  p.weights = weights;
  p.attention = attention;
  if (dtype == at::kBFloat16 || dtype == at::kHalf || weights == WeightPrecision::Int8) {
    p.log_prob = p.logit = {0.3, 0.03};
    p.norm = {0.0, 0.01};
    p.sample = {0.05, 0.03};
    p.exact_predictions = false;
  }
  if (weights == WeightPrecision::Int8) {  // twice the reduced-precision tolerances (golden_precision.h)
    p.log_prob = p.logit = {0.6, 0.06};
    p.norm = {0.0, 0.02};
    p.sample = {0.1, 0.06};
  }
  return p;
}

bool GoldenPrecision::check_prediction(ToleranceLedger& ledger, const std::string& field, long long got,
                                       long long expected, const std::vector<double>& expected_scores) const {
  const auto n = static_cast<long long>(expected_scores.size());
  if (!exact_predictions && got != expected && got >= 0 && got < n && expected >= 0 && expected < n) {
    const double a = expected_scores[static_cast<std::size_t>(got)],
                 b = expected_scores[static_cast<std::size_t>(expected)];
    if (std::fabs(a - b) <= log_prob.atol + log_prob.rtol * std::fabs(b)) {
      ledger.allowed_difference(field);
      return true;
    }
  }
  ledger.exact(field, got, expected);
  return false;
}

std::string GoldenPrecision::describe() const {
  return dtype_to_name(dtype) + " on " + device.str() + (weights == WeightPrecision::Int8 ? ", int8 weights" : "") +
         (attention != AttentionKernel::Auto ? ", " + attention_kernel_name(attention) + " attention" : "") +
         (weights == WeightPrecision::Int8 ? " (int8 tolerances, near-tie predictions allowed)"
          : exact_predictions              ? " (README tolerances)"
                                           : " (reduced-precision tolerances, near-tie predictions allowed)");
}

}  // namespace dt
