// Shared blocks: see blocks.h for the contract.
#include "blocks.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dt/util/error.h"
#include "fused_attention.h"

namespace dt::blocks {
namespace {

bool is_half(at::ScalarType t) { return t == at::kHalf || t == at::kBFloat16; }

// a [B, Hkv, M, X] times b [Bb, Hkv, X, N] with Bb in {B, 1}. A shared (batch-1) right operand is used by every
// row without being expanded: the batch is folded into a's rows.
at::Tensor matmul_shared(const at::Tensor& a, const at::Tensor& b) {
  const auto B = a.size(0);
  if (b.size(0) == B) return at::matmul(a, b);
  const auto H = a.size(1), M = a.size(2), X = a.size(3), N = b.size(3);
  auto folded = a.transpose(0, 1).reshape({H, B * M, X});
  return at::bmm(folded, b.select(0, 0)).view({H, B, M, N}).transpose(0, 1);
}

}  // namespace

at::Tensor Linear::operator()(const at::Tensor& x) const {
  StageTimer timer(Stage::Linear);
  if (!scale.defined()) return at::linear(x, weight, bias);
  auto y = at::linear(x, weight.to(x.scalar_type()));
  y.mul_(scale);
  if (bias.defined()) y.add_(bias);
  return y;
}

Linear quantize_int8(const at::Tensor& weight, const at::Tensor& bias) {
  const auto w = weight.to(at::kFloat);
  auto scale = w.abs().amax(1) / 127.0;
  scale.masked_fill_(scale.eq(0), 1.0);
  const auto q = (w / scale.unsqueeze(1)).round_().clamp_(-127, 127).to(at::kChar);
  return {q, bias, scale};
}

at::Tensor LayerNorm::operator()(const at::Tensor& x) const {
  StageTimer timer(Stage::Norm);
  return at::layer_norm(x, {x.size(-1)}, weight, bias, eps);
}

at::Tensor RMSNorm::operator()(const at::Tensor& x) const {
  StageTimer timer(Stage::Norm);
  const auto xf = x.to(at::kFloat);
  const auto variance = xf.pow(2).mean(-1, /*keepdim=*/true);
  return weight * (xf * at::rsqrt(variance + eps)).to(x.scalar_type());
}

at::Tensor OffsetRMSNorm::operator()(const at::Tensor& x) const {
  StageTimer timer(Stage::Norm);
  const auto xf = x.to(at::kFloat);
  const auto variance = xf.pow(2).mean(-1, /*keepdim=*/true);
  return (xf * at::rsqrt(variance + eps) * (weight.to(at::kFloat) + 1.0)).to(x.scalar_type());
}

Activation parse_activation(const std::string& name, const std::string& where) {
  if (name == "gelu_new" || name == "gelu_fast" || name == "gelu_pytorch_tanh") return Activation::GeluTanh;
  if (name == "gelu") return Activation::GeluExact;
  if (name == "relu") return Activation::Relu;
  if (name == "silu" || name == "swish") return Activation::Silu;
  fail(where, "unsupported activation function '" + name + "'");
}

at::Tensor activate(Activation act, const at::Tensor& x) {
  StageTimer timer(Stage::Activation);
  switch (act) {
    case Activation::GeluTanh: return at::gelu(x, "tanh");
    case Activation::GeluExact: return at::gelu(x);
    case Activation::Relu: return at::relu(x);
    case Activation::Silu: return at::silu(x);
  }
  throw Error("internal: unknown activation");
}

at::Tensor split_heads(const at::Tensor& x, std::int64_t heads) {
  const auto B = x.size(0), S = x.size(1);
  return x.view({B, S, heads, x.size(2) / heads}).transpose(1, 2);
}

at::Tensor merge_heads(const at::Tensor& x) {
  const auto B = x.size(0), H = x.size(1), S = x.size(2), D = x.size(3);
  return x.transpose(1, 2).reshape({B, S, H * D});
}

at::Tensor attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                     const at::Tensor& mask, const at::Tensor& bias, double scale, const AttentionRoute& route,
                     double softcap) {
  StageTimer timer(Stage::Attention);
  const auto* segmented = route.segmented;
  const bool packed_row = segmented && q.size(0) == 1 && mask.size(0) == 1 && mask.size(1) == 1 &&
                          (!bias.defined() || (bias.size(0) == 1 && bias.size(2) == 1));
  if (route.kernel == AttentionKernel::Fused && softcap <= 0.0)
    return packed_row ? fused_segmented_attention(q, fresh, past, mask, bias, scale, *segmented)
                      : fused_attention(q, fresh, past, mask, bias, scale);
  if (packed_row) return segmented_attention(q, fresh, past, mask, bias, scale, *segmented, softcap);
  const auto B = q.size(0), H = q.size(1), S = q.size(2), D = q.size(3);
  const auto Hkv = fresh.k.size(1);
  const auto G = H / Hkv;
  // Half precision: q.k in float32 (GPT-Neo does not scale its scores and overflows float16 otherwise, HF upcasts
  // GPT-Neo and GPT-J the same way); probabilities go back to the model's dtype for the product with V.
  const bool half = is_half(q.scalar_type());
  // query head h = kv * G + g, so grouping heads is a view of q: [B, Hkv, G * S, D]
  const auto qg = (half ? q.to(at::kFloat) : q).contiguous().view({B, Hkv, G * S, D});

  std::vector<const LayerKV*> segments(past.begin(), past.end());
  segments.push_back(&fresh);
  std::vector<at::Tensor> parts;
  parts.reserve(segments.size());
  for (const auto* seg : segments)
    parts.push_back(matmul_shared(qg, (half ? seg->k.to(at::kFloat) : seg->k).transpose(-1, -2)));
  auto scores = parts.size() == 1 ? parts[0].contiguous() : at::cat(parts, -1);
  const auto K = scores.size(-1);
  scores = scores.view({B, Hkv, G, S, K});
  if (scale != 1.0) scores.mul_(scale);
  soft_cap_(scores, softcap);
  if (bias.defined()) scores.add_(bias.view({bias.size(0), Hkv, G, bias.size(2), K}));
  const auto mask5 =
      mask.size(1) == 1 ? mask.view({mask.size(0), 1, 1, S, K}) : mask.view({mask.size(0), Hkv, G, S, K});
  scores.masked_fill_(mask5.logical_not(), std::numeric_limits<float>::lowest());
  auto probs = half ? at::softmax(scores, -1).to(q.scalar_type()) : at::softmax(scores, -1);
  probs = probs.view({B, Hkv, G * S, K});

  at::Tensor out;
  std::int64_t offset = 0;
  for (const auto* seg : segments) {
    const auto len = seg->v.size(2);
    auto part = matmul_shared(probs.narrow(-1, offset, len), seg->v);
    out = out.defined() ? out.add_(part) : part.contiguous();
    offset += len;
  }
  return out.view({B, H, S, D});
}

void soft_cap_(at::Tensor& x, double softcap) {
  if (softcap <= 0.0) return;
  x.div_(softcap).tanh_().mul_(softcap);
}

at::Tensor sliding_window_mask(const at::Tensor& mask, const ForwardBatch& batch, std::int64_t window) {
  const auto distance = batch.positions.unsqueeze(2) - batch.key_positions.unsqueeze(1);  // [B, S, K]
  return mask.logical_and(distance.lt(window).unsqueeze(1));
}

Rotary make_rotary(std::int64_t dim, double base, RotaryStyle style, double position_scale) {
  Rotary r;
  r.dim = dim;
  r.style = style;
  r.position_scale = position_scale;
  const auto exponents =
      at::arange(0, dim, 2, at::TensorOptions().dtype(at::kLong)).to(at::kFloat) / static_cast<double>(dim);
  r.inv_freq = 1.0 / at::pow(base, exponents);
  return r;
}

void rotary_tables(const Rotary& rotary, const at::Tensor& positions, at::ScalarType dtype, at::Tensor& cos,
                   at::Tensor& sin) {
  auto t = positions.to(at::kFloat);
  if (rotary.position_scale != 1.0) t = t / rotary.position_scale;
  const bool long_factors = rotary.long_inv_freq.defined() && positions.numel() > 0 &&
                            positions.max().item<std::int64_t>() + 1 > rotary.long_from;
  const auto& inv_freq = long_factors ? rotary.long_inv_freq : rotary.inv_freq;
  const auto freqs = t.unsqueeze(-1) * inv_freq.to(positions.device());  // [B, S, dim/2]
  const auto emb =
      rotary.style == RotaryStyle::HalfSplit ? at::cat({freqs, freqs}, -1) : at::repeat_interleave(freqs, 2, -1);
  auto c = emb.cos(), s = emb.sin();
  if (rotary.attention_scaling != 1.0) {
    c = c * rotary.attention_scaling;
    s = s * rotary.attention_scaling;
  }
  cos = c.to(dtype).unsqueeze(1);
  sin = s.to(dtype).unsqueeze(1);
}

at::Tensor apply_rotary(const Rotary& rotary, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  const auto D = x.size(-1);
  const auto rot = x.narrow(-1, 0, rotary.dim);
  at::Tensor rotated;
  if (rotary.style == RotaryStyle::HalfSplit) {
    const auto half = rotary.dim / 2;
    rotated = at::cat({rot.narrow(-1, half, half).neg(), rot.narrow(-1, 0, half)}, -1);
  } else {
    const auto even = rot.slice(-1, 0, rotary.dim, 2);
    const auto odd = rot.slice(-1, 1, rotary.dim, 2);
    rotated = at::stack({odd.neg(), even}, -1).flatten(-2);
  }
  auto out = rot * cos + rotated * sin;
  if (rotary.dim == D) return out;
  return at::cat({out, x.narrow(-1, rotary.dim, D - rotary.dim)}, -1);
}

at::Tensor alibi_slopes(std::int64_t heads) {
  std::int64_t n = 1;
  while (2 * n <= heads) n *= 2;
  // base^p for p = 1, 1 + step, ... with base = 2^(-8/length), built as HF does: a float32 base, int32 powers
  auto series = [](std::int64_t length, std::int64_t count, std::int64_t step) {
    const double base = std::pow(2.0, -std::pow(2.0, -(std::log2(static_cast<double>(length)) - 3.0)));
    const auto powers = at::arange(1, 1 + step * count, step, at::TensorOptions().dtype(at::kInt));
    return at::pow(at::scalar_tensor(base, at::TensorOptions().dtype(at::kFloat)), powers);
  };
  const auto slopes = series(n, n, /*step=*/1);
  if (n == heads) return slopes;
  return at::cat({slopes, series(2 * n, std::min(n, heads - n), /*step=*/2)});
}

at::Tensor alibi_bias(const at::Tensor& slopes, const at::Tensor& key_positions, at::ScalarType dtype) {
  const auto H = slopes.size(0);
  const auto B = key_positions.size(0), K = key_positions.size(1);
  const auto positions = key_positions.to(at::kFloat).view({B, 1, 1, K});
  return (slopes.to(key_positions.device()).view({1, H, 1, 1}) * positions).to(dtype);
}

}  // namespace dt::blocks
