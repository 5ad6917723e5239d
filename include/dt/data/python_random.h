// PythonRandom: a bit-for-bit port of the parts of CPython 3.11's `random.Random` that the reference code uses, so
// that a seed picks exactly the demonstrations and eval rows the reference picked. It covers integer seeding
// (`init_by_array` over the seed's 32-bit words), the MT19937 stream, `getrandbits`, `_randbelow`, `random`, `sample`
// and `shuffle`. It is not a general-purpose generator: use it only where CPython's choices must be reproduced.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace dt {

class PythonRandom {
 public:
  // `random.Random(seed)` for a non-negative integer seed.
  explicit PythonRandom(std::uint64_t seed);

  // The next raw 32-bit MT19937 output (CPython's `genrand_uint32`).
  std::uint32_t genrand_uint32();

  // `getrandbits(bits)` for 0 <= bits <= 64; words above the first hold the more significant bits, as in CPython.
  std::uint64_t getrandbits(int bits);

  // `_randbelow(n)` for n >= 1: draws n.bit_length() bits until the value is below n.
  std::int64_t randbelow(std::int64_t n);

  // `random()`: a double in [0, 1) built from 53 random bits.
  double random();

  // `sample(range(population_size), count)`: distinct indices in selection order.
  std::vector<std::int64_t> sample(std::int64_t population_size, std::int64_t count);

  // `sample(population, count)`: the chosen elements in selection order.
  template <typename T>
  std::vector<T> sample(const std::vector<T>& population, std::int64_t count) {
    std::vector<T> chosen;
    chosen.reserve(static_cast<std::size_t>(count > 0 ? count : 0));
    for (const std::int64_t index : sample(static_cast<std::int64_t>(population.size()), count)) {
      chosen.push_back(population[static_cast<std::size_t>(index)]);
    }
    return chosen;
  }

  // `shuffle(items)` in place: for i from size-1 down to 1, swap items[i] with items[randbelow(i + 1)].
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::int64_t i = static_cast<std::int64_t>(items.size()) - 1; i >= 1; --i) {
      const std::int64_t j = randbelow(i + 1);
      std::swap(items[static_cast<std::size_t>(i)], items[static_cast<std::size_t>(j)]);
    }
  }

 private:
  static constexpr int kStateWords = 624;

  void init_genrand(std::uint32_t seed);
  void init_by_array(const std::vector<std::uint32_t>& key);

  std::array<std::uint32_t, kStateWords> state_{};
  int next_word_ = kStateWords;
};

}  // namespace dt
