// estimate_fresh_kv: the four pseudo-gradient estimators (see pseudo_gradient.h and config/estimator_spec.h).
#include "dt/think/pseudo_gradient.h"

#include "dt/util/error.h"

namespace dt {
namespace {

using Kind = EstimatorSpec::Kind;

// Order-average: the shown order's N_t plus every reordering's, moved back to the shown positions, divided by R.
KVCache order_average(const EstimatorSpec& spec, const DemoForward& forward, const at::Tensor& demo,
                      const std::vector<DemoReordering>& reorderings, const KVCache& kv) {
  const auto extra = static_cast<std::size_t>(spec.orders - 1);
  if (reorderings.size() < extra)
    throw Error("order-average:" + std::to_string(spec.orders) + " needs " + std::to_string(extra) +
                " reorderings of the demonstrations but has " + std::to_string(reorderings.size()));
  auto sum = forward(second_copy_batch(demo, false), kv);
  if (extra == 0) return sum;
  const auto L = demo.size(1);
  for (std::size_t r = 0; r < extra; ++r) {
    const auto& order = reorderings[r];
    if (static_cast<std::int64_t>(order.ids.size()) != L || static_cast<std::int64_t>(order.source.size()) != L)
      throw Error("internal: a reordering of the demonstrations has another length");
    const auto ids = long_tensor(order.ids, demo.device()).unsqueeze(0);
    const auto source = long_tensor(order.source, demo.device());
    const auto fresh = forward(second_copy_batch(ids, false), kv);
    for (std::size_t l = 0; l < sum.num_layers(); ++l) {
      auto& s = sum.layer(l);
      s.k = s.k + fresh.layer(l).k.index_select(2, source);
      s.v = s.v + fresh.layer(l).v.index_select(2, source);
    }
  }
  const auto R = static_cast<double>(spec.orders);
  for (std::size_t l = 0; l < sum.num_layers(); ++l) {
    sum.layer(l).k = sum.layer(l).k / R;
    sum.layer(l).v = sum.layer(l).v / R;
  }
  return sum;
}

}  // namespace

ForwardBatch second_copy_batch(const at::Tensor& demo, bool position_matched) {
  const auto L = demo.size(1);
  if (!position_matched) return make_causal_batch(demo, L);
  const auto long_opts = demo.options().dtype(at::kLong);
  const auto bool_opts = demo.options().dtype(at::kBool);
  ForwardBatch batch;
  batch.ids = demo;
  batch.positions = at::arange(0, L, long_opts).unsqueeze(0);
  batch.key_positions = at::cat({batch.positions, batch.positions}, 1);
  batch.attend = at::cat({at::ones({L, L}, bool_opts), at::ones({L, L}, bool_opts).tril()}, 1).unsqueeze(0);
  return batch;
}

void estimate_fresh_kv(const EstimatorSpec& spec, const DemoForward& forward, const at::Tensor& demo,
                       const std::vector<DemoReordering>& reorderings, const KVCache& kv, const ApplyFresh& apply) {
  KVCache fresh;
  switch (spec.kind) {
    case Kind::LayerSequential: {
      const auto batch = second_copy_batch(demo, false);
      for (std::size_t l = 0; l < kv.num_layers(); ++l) apply(l, forward(batch, kv).layer(l));
      return;
    }
    case Kind::Released: fresh = forward(second_copy_batch(demo, false), kv); break;
    case Kind::PositionMatched: fresh = forward(second_copy_batch(demo, true), kv); break;
    case Kind::OrderAverage: fresh = order_average(spec, forward, demo, reorderings, kv); break;
  }
  for (std::size_t l = 0; l < fresh.num_layers(); ++l) apply(l, fresh.layer(l));
}

}  // namespace dt
