// The seeded orders of a cell's demonstrations, shared by the demonstration-order axis (each order one cell) and by
// the order-average estimator (every order within one cell), so that both see the same R orders:
//   order 0       the demonstrations as drawn;
//   order r >= 1  a generator of its own, random.Random(seed), shuffles a fresh list [0, 1, ..., k-1] once per order,
//                 in turn: order r is the r-th shuffle (`random.shuffle`), r = 1..R-1.
// LibTorch-free.
#pragma once

#include <cstdint>
#include <vector>

namespace dt {

// R orders of `count` demonstrations; each lists the indices of the demonstrations as drawn, in the order shown.
std::vector<std::vector<std::int64_t>> seeded_demo_orders(std::uint64_t seed, std::int64_t count, std::int64_t orders);

}  // namespace dt
