// Attention over a packed row (make_packed_batch) without the work its block-diagonal mask throws away.
// A packed row of S tokens in n segments attends K = past + S keys, but each segment sees only its past ranges and
// its own tokens. The keys every segment sees from position 0 (the shared exemplar, `dense_keys` of them) are scored
// densely, [S, dense_keys], as before; the rest of each segment's keys (its own tokens, its prompt's keys) are
// gathered per segment and scored in a padded [n, longest segment, most keys] block, padded only inside attention.
// Both parts share one softmax, so the result is the dense attention's up to float rounding.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "dt/model/forward_batch.h"
#include "dt/model/kv_cache.h"

namespace dt::blocks {

// Index tensors (int64, on the batch's device) that map the packed row to padded per-segment slots and back.
struct SegmentedKeys {
  std::int64_t segments = 0;    // n
  std::int64_t slots = 0;       // M: the longest segment's tokens
  std::int64_t own_keys = 0;    // Kp: the most keys a segment sees past the dense prefix
  std::int64_t dense_keys = 0;  // Ld: keys 0..Ld-1 are seen by every segment
  at::Tensor slot_token;        // [n * M]: the token of each slot (padding slots repeat the segment's first)
  at::Tensor token_slot;        // [S]: the slot of each token
  at::Tensor segment_keys;      // [n * Kp]: each segment's own keys, as indices into keys Ld..K-1 (padded)
  at::Tensor token_keys;        // [S, Kp]: the own keys of each token's segment, as indices into 0..K-1
  at::Tensor token_key_real;    // [S, Kp] bool: false on padding
};

// The keys and the values of `past` followed by `fresh`: the two sequences key_range reads.
struct KeySequence {
  std::vector<at::Tensor> keys, values;
};
KeySequence past_then_fresh(const std::vector<const LayerKV*>& past, const LayerKV& fresh);

// Keys (or values) begin..end-1 of the sequence `sources` ([1, Hkv, S_i, D] each, end to end): [1, Hkv, end-begin, D],
// a view when one source holds them all.
at::Tensor key_range(const std::vector<at::Tensor>& sources, std::int64_t begin, std::int64_t end);

// The plan for `batch` on top of `past_len` keys, or null when the batch is not packed (B = 1, two segments or more)
// or when the padded per-segment block would not cost less than half the dense scores it replaces (`always`: plan
// whenever the batch is packed, for tests).
std::shared_ptr<const SegmentedKeys> plan_segmented_keys(const ForwardBatch& batch, std::int64_t past_len,
                                                         bool always = false);

// Keys (or values) dense_keys..K-1 of `sequence` (K keys in all) gathered per segment in the plan's padded layout:
// [n, Hkv, own_keys, D].
at::Tensor own_keys_by_segment(const std::vector<at::Tensor>& sequence, const SegmentedKeys& plan, std::int64_t K);

// blocks::attention's contract for a packed row: q [1, H, S, D], keys of `past` then `fresh`, mask [1, 1, S, K],
// bias undefined or [1, H, 1, K], softcap as there (0: none). Returns [1, H, S, D].
at::Tensor segmented_attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                               const at::Tensor& mask, const at::Tensor& bias, double scale, const SegmentedKeys& plan,
                               double softcap = 0.0);

}  // namespace dt::blocks
