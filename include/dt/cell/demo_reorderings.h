// The other orders of a cell's demonstration for the order-average estimator (config/estimator_spec.h), as tokens:
// the demonstration's own tokens cut at every example's boundary and laid out again in each seeded order
// (task/demo_orders.h), so that every order holds exactly the same tokens and each token's K/V can be moved back to
// its place in the cache. A boundary is where the decoded tokens give exactly the examples before it; a
// demonstration whose tokenizer merges across a boundary, or that was cut to demo_max_tokens, cannot be reordered.
#pragma once

#include <cstdint>
#include <vector>

#include "dt/task/cell_prompts.h"
#include "dt/text/tokenizer.h"
#include "dt/think/pseudo_gradient.h"

namespace dt {

// Orders 1..R-1 of `prompts`' demonstrations (order 0 is `demo_ids` itself). Throws dt::Error naming what prevents it.
std::vector<DemoReordering> demo_reorderings(const Tokenizer& tokenizer, const CellPrompts& prompts,
                                             const std::vector<std::int64_t>& demo_ids, std::uint64_t seed,
                                             std::int64_t orders);

}  // namespace dt
