// DecoderLM: the one interface every causal-LM architecture implements.
// forward(batch, past, logit_rows) runs the new tokens of `batch` on top of `past` and returns the final hidden
// states, the K/V of the new tokens (canonical layout, see kv_cache.h) and logits only at the requested rows:
// the scorers need a handful of rows per sequence, never B x S x vocab.
// Architectures subclass it and fill in embed / block / finish; the loop, the attention context and the logits
// selection live here once.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dt/model/execution_options.h"
#include "dt/model/forward_batch.h"
#include "dt/model/kv_cache.h"

namespace dt {
namespace blocks {
struct SegmentedKeys;
}

struct ModelInfo {
  std::string arch;  // config.json model_type: "gpt2", "opt", "llama", ...
  std::int64_t num_layers = 0;
  std::int64_t num_heads = 0;
  std::int64_t num_kv_heads = 0;
  std::int64_t head_dim = 0;
  std::int64_t hidden_size = 0;
  std::int64_t vocab_size = 0;
  std::int64_t max_positions = 0;  // positions 0..max_positions-1 are valid
  std::optional<std::int64_t> bos_token_id, eos_token_id, pad_token_id;
  at::ScalarType dtype = at::kFloat;
  at::Device device = at::kCPU;
  WeightPrecision weights = WeightPrecision::Native;
  AttentionKernel attention = AttentionKernel::Matmul;  // resolved: never Auto
};

struct ForwardOutput {
  // [B, S, d]: final hidden states (after the final norm / projection), the lm_head's input; [1, N, d] at the N logit
  // rows, in their order, when a batch-1 forward asked for logits at fewer rows than it has (the last layer computes
  // only those: AttentionContext::query_rows)
  at::Tensor hidden;
  KVCache new_kv;                    // per layer, K/V of the new tokens only: [B, H_kv, S, D]
  at::Tensor logits;                 // [N, V] at `logit_rows`; undefined when no rows were asked for
  std::int64_t attention_pairs = 0;  // (query, key) scores computed per layer and head: B * S * K, or fewer when packed
};

// Per-forward state shared by all layers: built once from the batch, read by every block.
struct AttentionContext {
  const ForwardBatch* batch = nullptr;
  at::Tensor mask;                  // [B, 1, S, K] bool: may attend
  at::Tensor bias;                  // optional additive score bias [B or 1, H, S or 1, K] (ALiBi)
  at::Tensor local_mask;            // optional second mask for local-attention layers [B, 1, S, K]
  at::Tensor cos, sin;              // optional rotary tables [B, 1, S, rotary_dim]
  at::Tensor local_cos, local_sin;  // optional rotary tables of the local layers when their base differs (Gemma 3)
  std::shared_ptr<const blocks::SegmentedKeys> segmented;  // a packed row's attention plan, or null
  AttentionKernel kernel = AttentionKernel::Matmul;        // the model's (ModelInfo::attention)
  // Defined only for the last layer of a batch-1 forward that asks for logits at fewer rows than it has: those rows
  // ([R] int64 into the S new tokens). The block then computes every row's K/V but its output only at these rows.
  at::Tensor query_rows;
};

class DecoderLM {
 public:
  explicit DecoderLM(ModelInfo info) : info_(std::move(info)) {}
  virtual ~DecoderLM() = default;
  DecoderLM(const DecoderLM&) = delete;
  DecoderLM& operator=(const DecoderLM&) = delete;

  const ModelInfo& info() const { return info_; }

  // `logit_rows`: int64 indices into the flattened [B * S] new positions; undefined or empty = no logits.
  ForwardOutput forward(const ForwardBatch& batch, const PastKV& past, const at::Tensor& logit_rows = {}) const;

  // Projects final hidden states [N, d] to logits [N, V].
  virtual at::Tensor lm_head(const at::Tensor& hidden_rows) const;

 protected:
  virtual void prepare(AttentionContext& /*ctx*/) const {}
  virtual at::Tensor embed(const ForwardBatch& batch) const = 0;
  virtual at::Tensor block(std::int64_t layer, const at::Tensor& hidden, const AttentionContext& ctx,
                           const std::vector<const LayerKV*>& past, LayerKV& fresh) const = 0;
  virtual at::Tensor finish(const at::Tensor& hidden) const = 0;

  at::Tensor lm_head_weight_;  // [V, d]; architectures set it (tied or not)

 private:
  ModelInfo info_;
};

}  // namespace dt
