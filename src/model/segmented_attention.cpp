// Segmented attention over a packed row: see segmented_attention.h for the contract.
#include "segmented_attention.h"

#include <algorithm>
#include <limits>

#include "blocks.h"

namespace dt::blocks {
namespace {

// How far from key 0 the ranges cover without a gap.
std::int64_t covered_from_zero(std::vector<std::pair<std::int64_t, std::int64_t>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::int64_t covered = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin > covered) break;
    covered = std::max(covered, end);
  }
  return covered;
}

}  // namespace

KeySequence past_then_fresh(const std::vector<const LayerKV*>& past, const LayerKV& fresh) {
  KeySequence out;
  for (const auto* seg : past) {
    out.keys.push_back(seg->k);
    out.values.push_back(seg->v);
  }
  out.keys.push_back(fresh.k);
  out.values.push_back(fresh.v);
  return out;
}

at::Tensor key_range(const std::vector<at::Tensor>& sources, std::int64_t begin, std::int64_t end) {
  std::vector<at::Tensor> parts;
  std::int64_t offset = 0;
  for (const auto& t : sources) {
    const auto len = t.size(2);
    const auto lo = std::max(begin, offset), hi = std::min(end, offset + len);
    if (lo < hi) parts.push_back(t.narrow(2, lo - offset, hi - lo));
    offset += len;
  }
  return parts.size() == 1 ? parts.front() : at::cat(parts, 2);
}

at::Tensor own_keys_by_segment(const std::vector<at::Tensor>& sequence, const SegmentedKeys& plan, std::int64_t K) {
  const auto own = key_range(sequence, plan.dense_keys, K).select(0, 0);  // [Hkv, K - Ld, D]
  const auto Hkv = own.size(0), D = own.size(2);
  return own.index_select(1, plan.segment_keys).view({Hkv, plan.segments, plan.own_keys, D}).transpose(0, 1);
}

std::shared_ptr<const SegmentedKeys> plan_segmented_keys(const ForwardBatch& batch, std::int64_t past_len,
                                                         bool always) {
  const auto& segs = batch.packed;
  if (segs.size() < 2 || batch.batch() != 1) return nullptr;
  const auto S = batch.length(), K = past_len + S;
  const auto n = static_cast<std::int64_t>(segs.size());
  std::int64_t dense = past_len;
  for (const auto& seg : segs) dense = std::min(dense, covered_from_zero(seg.past));

  std::vector<std::vector<std::int64_t>> own(segs.size());
  std::int64_t slots = 0, own_keys = 0;
  std::vector<std::uint8_t> seen(static_cast<std::size_t>(past_len - dense));
  for (std::size_t i = 0; i < segs.size(); ++i) {
    std::fill(seen.begin(), seen.end(), std::uint8_t{0});
    for (const auto& [begin, end] : segs[i].past)
      for (auto j = std::max(begin, dense); j < end; ++j) seen[static_cast<std::size_t>(j - dense)] = 1;
    for (std::int64_t j = dense; j < past_len; ++j)
      if (seen[static_cast<std::size_t>(j - dense)]) own[i].push_back(j);
    for (std::int64_t t = 0; t < segs[i].length; ++t) own[i].push_back(past_len + segs[i].start + t);
    slots = std::max(slots, segs[i].length);
    own_keys = std::max(own_keys, static_cast<std::int64_t>(own[i].size()));
  }
  if (!always && 2 * n * slots * own_keys > S * (K - dense)) return nullptr;

  std::vector<std::int64_t> slot_token(static_cast<std::size_t>(n * slots)), token_slot(static_cast<std::size_t>(S));
  std::vector<std::int64_t> segment_keys, token_keys;
  std::vector<std::uint8_t> token_key_real;
  segment_keys.reserve(static_cast<std::size_t>(n * own_keys));
  token_keys.reserve(static_cast<std::size_t>(S * own_keys));
  token_key_real.reserve(static_cast<std::size_t>(S * own_keys));
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto& seg = segs[i];
    const auto base = static_cast<std::int64_t>(i) * slots;
    for (std::int64_t j = 0; j < slots; ++j)
      slot_token[static_cast<std::size_t>(base + j)] = seg.start + (j < seg.length ? j : 0);
    for (std::int64_t t = 0; t < seg.length; ++t) token_slot[static_cast<std::size_t>(seg.start + t)] = base + t;
    const auto count = static_cast<std::int64_t>(own[i].size());
    for (std::int64_t j = 0; j < own_keys; ++j)
      segment_keys.push_back((j < count ? own[i][static_cast<std::size_t>(j)] : own[i].front()) - dense);
    for (std::int64_t t = 0; t < seg.length; ++t)
      for (std::int64_t j = 0; j < own_keys; ++j) {
        token_keys.push_back(j < count ? own[i][static_cast<std::size_t>(j)] : own[i].front());
        token_key_real.push_back(j < count ? 1 : 0);
      }
  }
  const auto device = batch.ids.device();
  auto plan = std::make_shared<SegmentedKeys>();
  plan->segments = n;
  plan->slots = slots;
  plan->own_keys = own_keys;
  plan->dense_keys = dense;
  plan->slot_token = long_tensor(slot_token, device);
  plan->token_slot = long_tensor(token_slot, device);
  plan->segment_keys = long_tensor(segment_keys, device);
  plan->token_keys = long_tensor(token_keys, device).view({S, own_keys});
  plan->token_key_real =
      at::tensor(token_key_real, at::TensorOptions().dtype(at::kByte)).view({S, own_keys}).to(device, at::kBool);
  return plan;
}

at::Tensor segmented_attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                               const at::Tensor& mask, const at::Tensor& bias, double scale, const SegmentedKeys& plan,
                               double softcap) {
  const auto H = q.size(1), S = q.size(2), D = q.size(3);
  const auto Hkv = fresh.k.size(1), G = H / Hkv;
  const auto n = plan.segments, M = plan.slots, Kp = plan.own_keys, Ld = plan.dense_keys;
  const bool half = q.scalar_type() == at::kHalf || q.scalar_type() == at::kBFloat16;
  const auto score_type = half ? at::kFloat : q.scalar_type();
  const auto [keys, values] = past_then_fresh(past, fresh);
  const auto K = mask.size(3);
  const auto qf = q.to(score_type).contiguous();  // [1, H, S, D]; head h = kv * G + g

  // Per-segment slots: keys [n, Hkv, Kp, D], and q [H, n * M, D] -> [n, Hkv, G * M, D].
  const auto own_k = own_keys_by_segment(keys, plan, K).to(score_type);
  const auto own_v = own_keys_by_segment(values, plan, K);
  const auto q_slots = qf.select(0, 0)
                           .index_select(1, plan.slot_token)
                           .view({Hkv, G, n, M, D})
                           .permute({2, 0, 1, 3, 4})
                           .reshape({n, Hkv, G * M, D});
  // Own-key scores back in token order: [n, Hkv, G * M, Kp] -> [H, n * M, Kp] -> [H, S, Kp].
  const auto own_scores = at::matmul(q_slots, own_k.transpose(-1, -2))
                              .view({n, H, M, Kp})
                              .transpose(0, 1)
                              .reshape({H, n * M, Kp})
                              .index_select(1, plan.token_slot);
  at::Tensor scores;
  if (Ld > 0) {
    const auto dense_k = key_range(keys, 0, Ld).select(0, 0).to(score_type);  // [Hkv, Ld, D]
    const auto dense_scores = at::matmul(qf.view({Hkv, G * S, D}), dense_k.transpose(-1, -2)).view({H, S, Ld});
    scores = at::cat({dense_scores, own_scores}, -1);
  } else {
    scores = own_scores.contiguous();
  }
  if (scale != 1.0) scores.mul_(scale);
  soft_cap_(scores, softcap);
  const auto mask2d = mask.select(0, 0).select(0, 0);  // [S, K]
  const auto own_mask = mask2d.gather(1, plan.token_keys).logical_and(plan.token_key_real);
  if (bias.defined()) {
    const auto bias2d = bias.select(0, 0).select(1, 0);  // [H, K]
    if (Ld > 0) scores.narrow(-1, 0, Ld).add_(bias2d.narrow(1, 0, Ld).unsqueeze(1));
    scores.narrow(-1, Ld, Kp).add_(bias2d.index_select(1, plan.token_keys.view({-1})).view({H, S, Kp}));
  }
  const auto visible = Ld > 0 ? at::cat({mask2d.narrow(1, 0, Ld), own_mask}, 1) : own_mask;
  scores.masked_fill_(visible.logical_not().unsqueeze(0), std::numeric_limits<float>::lowest());
  auto probs = at::softmax(scores, -1);
  if (half) probs = probs.to(q.scalar_type());

  // Own keys' values: probabilities to slots, [H, n * M, Kp] -> [n, Hkv, G * M, Kp], times [n, Hkv, Kp, D].
  const auto own_probs = probs.narrow(-1, Ld, Kp)
                             .index_select(1, plan.slot_token)
                             .view({Hkv, G, n, M, Kp})
                             .permute({2, 0, 1, 3, 4})
                             .reshape({n, Hkv, G * M, Kp});
  auto out = at::matmul(own_probs, own_v)
                 .view({n, H, M, D})
                 .transpose(0, 1)
                 .reshape({H, n * M, D})
                 .index_select(1, plan.token_slot);  // [H, S, D]
  if (Ld > 0) {
    const auto dense_v = key_range(values, 0, Ld).select(0, 0);  // [Hkv, Ld, D]
    out.add_(at::matmul(probs.narrow(-1, 0, Ld).reshape({Hkv, G * S, Ld}), dense_v).view({H, S, D}));
  }
  return out.unsqueeze(0);
}

}  // namespace dt::blocks
