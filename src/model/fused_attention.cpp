// fused_attention and fused_segmented_attention: see fused_attention.h for the contract.
#include "fused_attention.h"

#include <torch/version.h>

#include <limits>

#include "dt/util/error.h"

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define DT_FUSED_ATTENTION 1
#else
#define DT_FUSED_ATTENTION 0
#endif

namespace dt::blocks {
namespace {

#if DT_FUSED_ATTENTION
double lowest_value(at::ScalarType dtype) {
  if (dtype == at::kHalf) return static_cast<double>(std::numeric_limits<c10::Half>::lowest());
  if (dtype == at::kBFloat16) return static_cast<double>(std::numeric_limits<c10::BFloat16>::lowest());
  if (dtype == at::kDouble) return std::numeric_limits<double>::lowest();
  return std::numeric_limits<float>::lowest();
}

// `visible` (bool) as an additive mask in `dtype`, holding `bias` where visible: the two broadcast together.
at::Tensor additive_mask(const at::Tensor& visible, const at::Tensor& bias, at::ScalarType dtype) {
  const auto allowed = bias.defined() ? bias.to(dtype) : at::zeros({}, visible.options().dtype(dtype));
  return at::where(visible, allowed, at::scalar_tensor(lowest_value(dtype), allowed.options()));
}

// [B', Hkv, K, D] -> [B', Hkv * G, K, D]: key head j serves query heads j * G .. j * G + G - 1.
at::Tensor repeat_heads(const at::Tensor& t, std::int64_t G) {
  if (G == 1) return t;
  const auto B = t.size(0), Hkv = t.size(1), K = t.size(2), D = t.size(3);
  return t.unsqueeze(2).expand({B, Hkv, G, K, D}).reshape({B, Hkv * G, K, D});
}

at::Tensor to_batch(const at::Tensor& t, std::int64_t B) { return t.size(0) == B ? t : t.expand({B, -1, -1, -1}); }

at::Tensor sdpa(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask, double scale) {
  return at::scaled_dot_product_attention(q, k, v, mask, /*dropout_p=*/0.0, /*is_causal=*/false, scale);
}
#else
[[noreturn]] void not_built() {
  throw Error(std::string("internal: fused attention needs LibTorch 2.1 or later (this is ") + TORCH_VERSION + ")");
}
#endif

}  // namespace

at::Tensor fused_attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                           const at::Tensor& mask, const at::Tensor& bias, double scale) {
#if DT_FUSED_ATTENTION
  const auto B = q.size(0), G = q.size(1) / fresh.k.size(1);
  auto [keys, values] = past_then_fresh(past, fresh);
  for (auto* sequence : {&keys, &values})
    for (auto& t : *sequence) t = to_batch(t, B);
  const auto k = keys.size() == 1 ? keys.front() : at::cat(keys, 2);
  const auto v = values.size() == 1 ? values.front() : at::cat(values, 2);
  return sdpa(q, repeat_heads(k, G), repeat_heads(v, G), additive_mask(mask, bias, q.scalar_type()), scale);
#else
  (void)q, (void)fresh, (void)past, (void)mask, (void)bias, (void)scale;
  not_built();
#endif
}

at::Tensor fused_segmented_attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                                     const at::Tensor& mask, const at::Tensor& bias, double scale,
                                     const SegmentedKeys& plan) {
#if DT_FUSED_ATTENTION
  const auto H = q.size(1), D = q.size(3);
  const auto Hkv = fresh.k.size(1), G = H / Hkv;
  const auto n = plan.segments, M = plan.slots, Kp = plan.own_keys, Ld = plan.dense_keys;
  const auto K = mask.size(3);
  const auto [keys, values] = past_then_fresh(past, fresh);
  // Each segment's keys: the dense prefix, then its own keys. [n, Hkv, Ld + Kp, D]
  auto per_segment = [&](const std::vector<at::Tensor>& sequence) {
    const auto own = own_keys_by_segment(sequence, plan, K);
    if (Ld == 0) return own;
    return at::cat({key_range(sequence, 0, Ld).expand({n, Hkv, Ld, D}), own}, 2);
  };
  const auto q_slots = q.select(0, 0).index_select(1, plan.slot_token).view({H, n, M, D}).transpose(0, 1);
  // What each slot sees: its token's row of the mask over the dense prefix (all of it, but for a sliding window) and
  // over its own keys. [n, 1, M, Ld + Kp]
  const auto mask2d = mask.select(0, 0).select(0, 0);  // [S, K]
  auto visible = mask2d.gather(1, plan.token_keys).logical_and(plan.token_key_real);
  if (Ld > 0) visible = at::cat({mask2d.narrow(1, 0, Ld), visible}, 1);
  visible = visible.index_select(0, plan.slot_token).view({n, 1, M, Ld + Kp});
  at::Tensor slot_bias;
  if (bias.defined()) {
    const auto bias2d = bias.select(0, 0).select(1, 0);  // [H, K]
    auto own = bias2d.narrow(1, Ld, K - Ld).index_select(1, plan.segment_keys).view({H, n, 1, Kp}).transpose(0, 1);
    slot_bias = Ld > 0 ? at::cat({bias2d.narrow(1, 0, Ld).view({1, H, 1, Ld}).expand({n, H, 1, Ld}), own}, 3) : own;
  }
  const auto out = sdpa(q_slots, repeat_heads(per_segment(keys), G), repeat_heads(per_segment(values), G),
                        additive_mask(visible, slot_bias, q.scalar_type()), scale);  // [n, H, M, D]
  return out.transpose(0, 1).reshape({H, n * M, D}).index_select(1, plan.token_slot).unsqueeze(0);
#else
  (void)q, (void)fresh, (void)past, (void)mask, (void)bias, (void)scale, (void)plan;
  not_built();
#endif
}

}  // namespace dt::blocks
