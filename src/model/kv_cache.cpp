// KVCache and PastKV operations.
#include "dt/model/kv_cache.h"

#include "dt/util/error.h"

namespace dt {

KVCache KVCache::slice_seq(std::int64_t start, std::int64_t length) const {
  std::vector<LayerKV> out;
  out.reserve(layers_.size());
  for (const auto& l : layers_) out.push_back({l.k.narrow(2, start, length), l.v.narrow(2, start, length)});
  return KVCache(std::move(out));
}

KVCache KVCache::index_batch(const at::Tensor& rows) const {
  std::vector<LayerKV> out;
  out.reserve(layers_.size());
  for (const auto& l : layers_) out.push_back({l.k.index_select(0, rows), l.v.index_select(0, rows)});
  return KVCache(std::move(out));
}

KVCache KVCache::clone() const {
  std::vector<LayerKV> out;
  out.reserve(layers_.size());
  for (const auto& l : layers_) out.push_back({l.k.contiguous().clone(), l.v.contiguous().clone()});
  return KVCache(std::move(out));
}

KVCache KVCache::concat_seq(const KVCache& after) const {
  if (empty()) return after;
  if (after.empty()) return *this;
  if (after.num_layers() != num_layers()) throw Error("internal: concatenating KV caches with different layer counts");
  std::vector<LayerKV> out;
  out.reserve(layers_.size());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    out.push_back({at::cat({layers_[i].k, after.layers_[i].k}, 2), at::cat({layers_[i].v, after.layers_[i].v}, 2)});
  }
  return KVCache(std::move(out));
}

PastKV::PastKV(std::initializer_list<const KVCache*> segments) {
  for (const auto* s : segments)
    if (s != nullptr && !s->empty()) segments_.push_back(s);
}

std::int64_t PastKV::length() const {
  std::int64_t n = 0;
  for (const auto* s : segments_) n += s->seq_len();
  return n;
}

}  // namespace dt
