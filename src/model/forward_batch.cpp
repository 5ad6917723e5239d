// make_causal_batch: HF's position ids and attention visibility for right-padded rows on top of a past;
// make_packed_batch: segments packed into one row; long_tensor.
#include "dt/model/forward_batch.h"

#include <algorithm>

#include "dt/util/error.h"

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

at::Tensor long_tensor(const std::vector<std::int64_t>& values, const at::Device& device) {
  // from_blob + clone is one copy; at::tensor(vector) goes element by element in LibTorch 1.13.
  auto host = at::from_blob(const_cast<std::int64_t*>(values.data()), {static_cast<std::int64_t>(values.size())},
                            at::TensorOptions().dtype(at::kLong))
                  .clone();
  return host.to(device);
}

ForwardBatch make_packed_batch(const at::Tensor& ids, const std::vector<PackedSegment>& segments,
                               const std::vector<std::int64_t>& past_positions) {
  const auto S = ids.size(1);
  const auto P = static_cast<std::int64_t>(past_positions.size());
  const auto K = P + S;
  std::vector<std::int64_t> positions(static_cast<std::size_t>(S)), keys(past_positions);
  std::vector<std::uint8_t> attend(static_cast<std::size_t>(S * K), 0);
  std::int64_t next = 0;
  for (const auto& seg : segments) {
    if (seg.start != next || seg.length < 1 || seg.start + seg.length > S)
      throw Error("internal: packed segments do not tile the row");
    for (std::int64_t i = 0; i < seg.length; ++i) {
      const auto t = seg.start + i;
      positions[static_cast<std::size_t>(t)] = seg.position + i;
      auto* row = attend.data() + t * K;
      for (const auto& [begin, end] : seg.past) {
        if (begin < 0 || end > P || begin > end)
          throw Error("internal: a packed segment's past range is outside the past");
        std::fill(row + begin, row + end, std::uint8_t{1});
      }
      std::fill(row + P + seg.start, row + P + t + 1, std::uint8_t{1});
    }
    next = seg.start + seg.length;
  }
  if (next != S) throw Error("internal: packed segments do not tile the row");
  keys.insert(keys.end(), positions.begin(), positions.end());
  const auto device = ids.device();
  const auto long_opts = at::TensorOptions().dtype(at::kLong);
  ForwardBatch batch;
  batch.ids = ids;
  batch.positions = at::tensor(positions, long_opts).view({1, S}).to(device);
  batch.key_positions = at::tensor(keys, long_opts).view({1, K}).to(device);
  batch.attend = at::from_blob(attend.data(), {1, S, K}, at::TensorOptions().dtype(at::kByte)).to(device, at::kBool);
  batch.packed = segments;
  return batch;
}

}  // namespace dt
