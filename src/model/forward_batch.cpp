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
