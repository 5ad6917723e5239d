// KVCache and PastKV operations.
#include "dt/model/kv_cache.h"

namespace dt {

KVCache KVCache::clone() const {
  std::vector<LayerKV> out;
  out.reserve(layers_.size());
  for (const auto& l : layers_) out.push_back({l.k.contiguous().clone(), l.v.contiguous().clone()});
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
