// Building blocks shared by every architecture, written once: linear layers, LayerNorm / RMSNorm (plain and Gemma's
// offset form), activations, head splitting, attention over a segmented past (grouped-query heads, shared batch-1
// segments, masks, sliding windows, additive biases, soft-capping), rotary position embeddings (half-split and
// interleaved, full or partial, with per-forward long factors) and ALiBi slopes.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dt/model/decoder.h"
#include "dt/model/execution_options.h"
#include "dt/model/forward_batch.h"
#include "dt/model/kv_cache.h"
#include "dt/model/stage_clock.h"
#include "segmented_attention.h"

namespace dt::blocks {

struct Linear {
  at::Tensor weight;  // [out, in]: the compute dtype, or int8 with `scale`
  at::Tensor bias;    // [out] or undefined
  at::Tensor scale;   // [out] float32 per output channel when `weight` is int8, else undefined
  // x W^T + b; int8: (x int8(W)^T in x's dtype) * scale + b.
  at::Tensor operator()(const at::Tensor& x) const;
};

// weight [out, in] (float32 preferred) as int8 with per-output-channel scales absmax / 127 (round to nearest, a
// row of zeros gets scale 1), on the weight's device; `bias` kept as given.
Linear quantize_int8(const at::Tensor& weight, const at::Tensor& bias);

struct LayerNorm {
  at::Tensor weight, bias;  // bias may be undefined
  double eps = 1e-5;
  at::Tensor operator()(const at::Tensor& x) const;
};

// LLaMA's RMSNorm: the variance in float32, then weight * normalized cast back to the input dtype.
struct RMSNorm {
  at::Tensor weight;
  double eps = 1e-6;
  at::Tensor operator()(const at::Tensor& x) const;
};

// Gemma's RMSNorm: normalized * (1 + weight), both in float32, then cast back to the input dtype (the weight is
// stored as the offset from 1).
struct OffsetRMSNorm {
  at::Tensor weight;
  double eps = 1e-6;
  at::Tensor operator()(const at::Tensor& x) const;
};

enum class Activation { GeluTanh, GeluExact, Relu, Silu };
// HF activation names: gelu_new / gelu_fast / gelu_pytorch_tanh / gelu / relu / silu / swish. Throws naming `where`.
Activation parse_activation(const std::string& name, const std::string& where);
at::Tensor activate(Activation act, const at::Tensor& x);

// [B, S, H*D] -> [B, H, S, D] and back.
at::Tensor split_heads(const at::Tensor& x, std::int64_t heads);
at::Tensor merge_heads(const at::Tensor& x);

// How attention runs: the kernel (execution_options.h; resolved, never Auto) and a packed row's plan (see
// segmented_attention.h) when the forward has one.
struct AttentionRoute {
  AttentionRoute(const SegmentedKeys* plan = nullptr, AttentionKernel kind = AttentionKernel::Matmul)
      : segmented(plan), kernel(kind) {}
  const SegmentedKeys* segmented;
  AttentionKernel kernel;
};
// The route of a forward's attention context (a packed row's plan does not apply to a selection of its rows).
inline AttentionRoute route(const AttentionContext& ctx) {
  return {ctx.query_rows.defined() ? nullptr : ctx.segmented.get(), ctx.kernel};
}

// A block's view of AttentionContext::query_rows: the rows whose output it computes (every row when undefined).
// tokens: [B, S, ...] -> [B, R, ...]; heads: [B, H, S, ...] (queries, masks, per-query biases) -> [B, H, R, ...],
// left alone when dimension 2 is 1 (a bias per key only).
struct QueryRows {
  explicit QueryRows(const AttentionContext& ctx) : rows(ctx.query_rows) {}
  at::Tensor tokens(const at::Tensor& x) const { return rows.defined() ? x.index_select(1, rows) : x; }
  at::Tensor heads(const at::Tensor& x) const {
    return rows.defined() && x.defined() && x.size(2) > 1 ? x.index_select(2, rows) : x;
  }
  at::Tensor rows;
};

// Scaled dot-product attention of q [B, H, S, D] over the keys of `past` (each [B or 1, H_kv, S_i, D]) followed
// by `fresh` ([B, H_kv, S, D]). H must be a multiple of H_kv (query head h uses key head h / (H / H_kv)).
// scores = scale * q.k + bias ([B or 1, H, S or 1, K]), masked where `mask` ([B, 1 or H, S, K] bool) is false,
// softmax in float32 for half precision. `softcap` > 0 (Gemma 2): scores become softcap * tanh(scores / softcap)
// after scaling, before bias and mask. Returns [B, H, S, D]. With `segmented` (a packed row's plan, see
// segmented_attention.h), a batch-1 row with a [1, 1, S, K] mask and no per-query bias skips the keys its segments
// never see. The Fused kernel (fused_attention.h) gives the same up to rounding; soft-capping always runs Matmul.
at::Tensor attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                     const at::Tensor& mask, const at::Tensor& bias, double scale, const AttentionRoute& route = {},
                     double softcap = 0.0);

// softcap * tanh(x / softcap), in place (Gemma 2's attention and final logit soft-capping).
void soft_cap_(at::Tensor& x, double softcap);

// A sliding-window layer's mask: `mask` ([B, 1, S, K]) where the query's position minus the key's is below `window`
// (transformers' and the reference implementations' convention: a query sees itself and the window - 1 keys before).
at::Tensor sliding_window_mask(const at::Tensor& mask, const ForwardBatch& batch, std::int64_t window);

enum class RotaryStyle { HalfSplit, Interleaved };  // rotate_half (LLaMA, NeoX) / rotate_every_two (GPT-J)

struct Rotary {
  at::Tensor inv_freq;   // [dim / 2] float32
  std::int64_t dim = 0;  // rotated leading dims of each head
  RotaryStyle style = RotaryStyle::HalfSplit;
  double position_scale = 1.0;     // linear RoPE scaling divides positions by this factor
  double attention_scaling = 1.0;  // cos and sin are multiplied by it (longrope's attention factor)
  // longrope: a forward whose largest position + 1 exceeds `long_from` uses long_inv_freq instead of inv_freq, as
  // transformers decides per forward. Undefined: one table for every forward.
  at::Tensor long_inv_freq;
  std::int64_t long_from = 0;
};

// inv_freq = 1 / base^(2i / dim), computed in float32 as HF does.
Rotary make_rotary(std::int64_t dim, double base, RotaryStyle style, double position_scale = 1.0);
// cos / sin tables for `positions` [B, S]: [B, 1, S, dim] in `dtype`.
void rotary_tables(const Rotary& rotary, const at::Tensor& positions, at::ScalarType dtype, at::Tensor& cos,
                   at::Tensor& sin);
// Rotates the first rotary.dim dims of x [B, H, S, D]; the rest pass through.
at::Tensor apply_rotary(const Rotary& rotary, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

// ALiBi slopes of HF's build_alibi_tensor, [heads] float32: the geometric series 2^(-8i/n), i = 1..n, for the
// largest power of two n <= heads, then the odd-numbered slopes of the series for 2n until there is one per head.
at::Tensor alibi_slopes(std::int64_t heads);
// The ALiBi score bias slope_h * key_position: [B, H, 1, K] in `dtype` for key_positions [B, K]. Softmax is
// invariant to a per-row shift, so biasing the absolute key position equals biasing the distance to the query.
at::Tensor alibi_bias(const at::Tensor& slopes, const at::Tensor& key_positions, at::ScalarType dtype);

}  // namespace dt::blocks
