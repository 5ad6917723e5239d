// The key/value cache as a first-class type. Every architecture hands out and takes K and V per layer in one
// canonical layout, [B, H_kv, S, D] (batch, key/value heads, sequence, head dim); an architecture whose native
// layout differs (BLOOM) converts at its own edge. Deep-Thinking reads and rewrites exactly this object.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace dt {

struct LayerKV {
  at::Tensor k;  // [B, H_kv, S, D]
  at::Tensor v;  // [B, H_kv, S, D]
};

class KVCache {
 public:
  KVCache() = default;
  explicit KVCache(std::vector<LayerKV> layers) : layers_(std::move(layers)) {}

  std::size_t num_layers() const { return layers_.size(); }
  bool empty() const { return layers_.empty(); }
  const LayerKV& layer(std::size_t i) const { return layers_.at(i); }
  LayerKV& layer(std::size_t i) { return layers_.at(i); }
  const std::vector<LayerKV>& layers() const { return layers_; }

  std::int64_t batch() const { return empty() ? 0 : layers_[0].k.size(0); }
  std::int64_t seq_len() const { return empty() ? 0 : layers_[0].k.size(2); }

  // A deep copy with contiguous tensors.
  KVCache clone() const;

 private:
  std::vector<LayerKV> layers_;
};

// What a forward pass attends to before its own tokens: zero or more caches laid end to end along the sequence
// axis (e.g. the demonstrations' cache, then a query prompt's). A segment's batch is either the forward's batch or
// 1, in which case it is shared by every row without being copied.
class PastKV {
 public:
  PastKV() = default;
  PastKV(std::initializer_list<const KVCache*> segments);
  void append(const KVCache& segment) {
    if (!segment.empty()) segments_.push_back(&segment);
  }

  const std::vector<const KVCache*>& segments() const { return segments_; }
  std::int64_t length() const;  // total sequence length over all segments

 private:
  std::vector<const KVCache*> segments_;
};

}  // namespace dt
