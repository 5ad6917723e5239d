// The pseudo-gradient estimators of config/estimator_spec.h: what a Deep-Thinking step t > 1 forwards and which K/V
// it hands each layer's meta-optimizer as N_t (the optimizer then forms g_t = N_t - KV_{t-1}). The forward itself is
// a parameter, so that tests can check each estimator against values worked out by hand on a model they write.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "dt/config/estimator_spec.h"
#include "dt/model/forward_batch.h"
#include "dt/model/kv_cache.h"

namespace dt {

// The K/V of the new tokens of `batch` after `past` (DecoderLM::forward(...).new_kv).
using DemoForward = std::function<KVCache(const ForwardBatch& batch, const KVCache& past)>;
// Receives layer l's N_t; it updates layer l of the cache before the estimator goes on to layer l + 1.
using ApplyFresh = std::function<void(std::size_t layer, const LayerKV& fresh)>;

// One reordering of the demonstrations for order-average: its tokens, and for every token of the demonstration as
// shown (the cache's positions), the index of the same token in `ids`.
struct DemoReordering {
  std::vector<std::int64_t> ids;
  std::vector<std::int64_t> source;
};

// The second copy of a demonstration of L tokens after a past of L keys: positions L..2L-1 (released) or 0..L-1
// (position-matched); every past key and the copy's own keys up to each token are visible.
ForwardBatch second_copy_batch(const at::Tensor& demo, bool position_matched);

// One step's estimate: calls apply(l, N_t of layer l) for l = 0, 1, ... in order. `demo` [1, L] is the demonstration
// as shown and `kv` its cache (KV_{t-1}, which `apply` updates); order-average reads R - 1 `reorderings` (the shown
// order is the first). Throws dt::Error when order-average has fewer reorderings than its R - 1.
void estimate_fresh_kv(const EstimatorSpec& spec, const DemoForward& forward, const at::Tensor& demo,
                       const std::vector<DemoReordering>& reorderings, const KVCache& kv, const ApplyFresh& apply);

}  // namespace dt
