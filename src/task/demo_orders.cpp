// seeded_demo_orders (see demo_orders.h).
#include "dt/task/demo_orders.h"

#include <numeric>

#include "dt/data/python_random.h"

namespace dt {

std::vector<std::vector<std::int64_t>> seeded_demo_orders(std::uint64_t seed, std::int64_t count, std::int64_t orders) {
  std::vector<std::int64_t> identity(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
  std::iota(identity.begin(), identity.end(), 0);
  std::vector<std::vector<std::int64_t>> out{identity};
  PythonRandom rng(seed);
  for (std::int64_t r = 1; r < orders; ++r) {
    auto order = identity;
    rng.shuffle(order);
    out.push_back(std::move(order));
  }
  return out;
}

}  // namespace dt
