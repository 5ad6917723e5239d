// make_causal_batch: HF's position ids and attention visibility for right-padded rows on top of a past.
#include "dt/model/forward_batch.h"

namespace dt {

ForwardBatch make_causal_batch(const at::Tensor& ids, std::int64_t past_len, const at::Tensor& new_valid,
                               const at::Tensor& past_visible) {
  const auto B = ids.size(0);
  const auto S = ids.size(1);
  const auto K = past_len + S;
  const auto long_opts = ids.options().dtype(at::kLong);
  ForwardBatch batch;
  batch.ids = ids;
  batch.positions = at::arange(past_len, K, long_opts).unsqueeze(0).expand({B, S});
  batch.key_positions = at::arange(0, K, long_opts).unsqueeze(0).expand({B, K});
  // key j is causally visible to new token i when j <= past_len + i
  auto causal = batch.key_positions.unsqueeze(1) <= batch.positions.unsqueeze(2);  // [B, S, K]
  at::Tensor key_ok;
  const auto bool_opts = ids.options().dtype(at::kBool);
  const auto past_ok = past_visible.defined() ? past_visible.to(at::kBool) : at::ones({B, past_len}, bool_opts);
  const auto new_ok = new_valid.defined() ? new_valid.to(at::kBool) : at::ones({B, S}, bool_opts);
  key_ok = at::cat({past_ok, new_ok}, 1);  // [B, K]
  batch.attend = causal.logical_and(key_ok.unsqueeze(1));
  return batch;
}

}  // namespace dt

namespace dt {

ForwardBatch make_continuation_batch(const at::Tensor& ids, const at::Tensor& new_valid, std::int64_t shared_len,
                                     const std::vector<std::int64_t>& prefix_lengths, std::int64_t prefix_padded_len) {
  const auto B = ids.size(0);
  const auto S = ids.size(1);
  const auto P = shared_len + prefix_padded_len;
  const auto long_opts = ids.options().dtype(at::kLong);
  const auto prefix = at::tensor(prefix_lengths, at::TensorOptions().dtype(at::kLong)).to(ids.device());  // [B]
  ForwardBatch batch;
  batch.ids = ids;
  const auto steps = at::arange(S, long_opts).unsqueeze(0);  // [1, S]
  batch.positions = steps + (prefix + shared_len).unsqueeze(1);                   // [B, S]
  const auto past_positions = at::arange(P, long_opts).unsqueeze(0).expand({B, P});  // padded prefix keys are masked
  batch.key_positions = at::cat({past_positions, batch.positions}, 1);
  const auto past_index = at::arange(P, long_opts).unsqueeze(0);                      // [1, P]
  const auto past_ok = (past_index < (prefix + shared_len).unsqueeze(1));             // [B, P]
  const auto causal = at::ones({S, S}, ids.options().dtype(at::kBool)).tril().unsqueeze(0);  // [1, S, S]
  const auto new_ok = causal.logical_and(new_valid.to(at::kBool).unsqueeze(1));             // [B, S, S]
  batch.attend = at::cat({past_ok.unsqueeze(1).expand({B, S, P}), new_ok}, 2);
  return batch;
}

}  // namespace dt
