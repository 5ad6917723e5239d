// ForwardBatch: the new tokens of one forward pass and how they see the keys (past + new).
// Positions and visibility are explicit so that every caller (the thinker, the scorers, packed layouts) states
// them once and every architecture applies them the same way (learned position tables, rotary, ALiBi, GPT-Neo's
// local window all read these fields).
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace dt {

// One independent run of tokens inside a packed row (make_packed_batch).
struct PackedSegment {
  std::int64_t start = 0, length = 0;                       // its new tokens [start, start + length) of the row
  std::int64_t position = 0;                                // the position of its first token; the others follow
  std::vector<std::pair<std::int64_t, std::int64_t>> past;  // the past keys it sees: [begin, end) ranges
};

struct ForwardBatch {
  at::Tensor ids;            // [B, S] int64: the new tokens
  at::Tensor positions;      // [B, S] int64: absolute position of each new token
  at::Tensor key_positions;  // [B, K] int64, K = past length + S: absolute position of every key, past then new
  at::Tensor attend;         // [B, S, K] bool: new token i may attend key j (causality and padding applied)
  // make_packed_batch's segments (B = 1), empty otherwise: attention may then skip what `attend` hides between them
  std::vector<PackedSegment> packed;

  std::int64_t batch() const { return ids.size(0); }
  std::int64_t length() const { return ids.size(1); }
  std::int64_t key_length() const { return attend.size(2); }
};

// The layout of HF's `model(ids, attention_mask=mask, past_key_values=past)` for right-padded rows:
// token i of every row sits at position past_len + i; token i may attend every visible past key and the new keys
// 0..i that are not padding. `new_valid` ([B, S] bool, true = real token) may be undefined (no padding);
// `past_visible` ([B, past_len] bool) may be undefined (the whole past is visible, as in every Deep-Thinking pass).
ForwardBatch make_causal_batch(const at::Tensor& ids, std::int64_t past_len, const at::Tensor& new_valid = {},
                               const at::Tensor& past_visible = {});

// A 1-D int64 tensor of `values` on `device` (ids, positions, index lists).
at::Tensor long_tensor(const std::vector<std::int64_t>& values, const at::Device& device);

// Ragged batching: one row ([1, S]) of several segments packed end to end with no padding. A token sees the past keys
// of its segment's ranges and the new tokens of its own segment up to itself, nothing of the other segments (a
// block-diagonal causal mask); `past_positions` gives the position of every past key. Throws dt::Error when the
// segments do not tile the row or a range lies outside the past.
ForwardBatch make_packed_batch(const at::Tensor& ids, const std::vector<PackedSegment>& segments,
                               const std::vector<std::int64_t>& past_positions);

}  // namespace dt
