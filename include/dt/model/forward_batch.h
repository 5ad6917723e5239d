// ForwardBatch: the new tokens of one forward pass and how they see the keys (past + new).
// Positions and visibility are explicit so that every caller (the thinker, the scorers, packed layouts) states
// them once and every architecture applies them the same way (learned position tables, rotary, ALiBi, GPT-Neo's
// local window all read these fields).
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace dt {

struct ForwardBatch {
  at::Tensor ids;            // [B, S] int64: the new tokens
  at::Tensor positions;      // [B, S] int64: absolute position of each new token
  at::Tensor key_positions;  // [B, K] int64, K = past length + S: absolute position of every key, past then new
  at::Tensor attend;         // [B, S, K] bool: new token i may attend key j (causality and padding applied)

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

}  // namespace dt

namespace dt {

// Rows that continue a per-row prefix held in a right-padded past segment: the past is a shared segment of
// `shared_len` keys (e.g. the demonstrations, positions 0..shared_len-1, visible to every row) followed by a
// segment of `prefix_padded_len` keys of which row r sees the first prefix_lengths[r] (its prompt, positions
// shared_len..). Token i of row r sits at position shared_len + prefix_lengths[r] + i and sees the new tokens
// 0..i that are real (`new_valid`, [B, S] bool).
ForwardBatch make_continuation_batch(const at::Tensor& ids, const at::Tensor& new_valid, std::int64_t shared_len,
                                     const std::vector<std::int64_t>& prefix_lengths, std::int64_t prefix_padded_len);

}  // namespace dt
