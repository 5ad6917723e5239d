// PythonRandom: CPython 3.11's Mersenne Twister (Modules/_randommodule.c) and the pure-Python sampling methods of
// Lib/random.py, transcribed step for step. Any change in the order or number of draws changes every selection.
#include "dt/data/python_random.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_set>

#include "dt/util/error.h"

namespace dt {
namespace {

constexpr int kShiftWords = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfu;
constexpr std::uint32_t kUpperMask = 0x80000000u;
constexpr std::uint32_t kLowerMask = 0x7fffffffu;

// CPython seeds with the absolute value of the integer split into 32-bit words, least significant first; zero is
// the one-word key [0].
std::vector<std::uint32_t> seed_key(std::uint64_t seed) {
  std::vector<std::uint32_t> key;
  do {
    key.push_back(static_cast<std::uint32_t>(seed & 0xffffffffu));
    seed >>= 32;
  } while (seed != 0);
  return key;
}

// `sample` keeps a pool list when it is no larger than the set it would otherwise build. The size estimate uses
// floating-point logarithms exactly as Lib/random.py does: 21 + 4 ** ceil(log(count * 3, 4)) for count > 5.
bool sample_uses_pool(std::int64_t population_size, std::int64_t count) {
  constexpr std::int64_t kSmallSetSize = 21;
  if (count <= 5) return population_size <= kSmallSetSize;
  // From 4 ** 32 on, the table is larger than any std::int64_t population; count * 3 > 2 ** 63 lands there too.
  if (count > std::numeric_limits<std::int64_t>::max() / 3) return true;
  const double exponent = std::ceil(std::log(static_cast<double>(count * 3)) / std::log(4.0));
  if (exponent >= 32) return true;
  const std::int64_t table_size = std::int64_t{1} << (2 * static_cast<int>(exponent));
  return population_size <= kSmallSetSize + table_size;
}

}  // namespace

PythonRandom::PythonRandom(std::uint64_t seed) { init_by_array(seed_key(seed)); }

void PythonRandom::init_genrand(std::uint32_t seed) {
  state_[0] = seed;
  for (int i = 1; i < kStateWords; ++i) {
    state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  }
  next_word_ = kStateWords;
}

void PythonRandom::init_by_array(const std::vector<std::uint32_t>& key) {
  init_genrand(19650218u);
  const int key_length = static_cast<int>(key.size());
  int i = 1;
  int j = 0;
  for (int remaining = std::max(kStateWords, key_length); remaining > 0; --remaining) {
    state_[i] =
        (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1664525u)) + key[j] + static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= kStateWords) {
      state_[0] = state_[kStateWords - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (int remaining = kStateWords - 1; remaining > 0; --remaining) {
    state_[i] = (state_[i] ^ ((state_[i - 1] ^ (state_[i - 1] >> 30)) * 1566083941u)) - static_cast<std::uint32_t>(i);
    ++i;
    if (i >= kStateWords) {
      state_[0] = state_[kStateWords - 1];
      i = 1;
    }
  }
  state_[0] = 0x80000000u;  // the most significant bit is non-zero, so the state is never all zeros
}

std::uint32_t PythonRandom::genrand_uint32() {
  if (next_word_ >= kStateWords) {
    const auto twist = [this](int to, int from, int shifted) {
      const std::uint32_t y = (state_[to] & kUpperMask) | (state_[from] & kLowerMask);
      state_[to] = state_[shifted] ^ (y >> 1) ^ ((y & 1u) != 0 ? kMatrixA : 0u);
    };
    int word = 0;
    for (; word < kStateWords - kShiftWords; ++word) twist(word, word + 1, word + kShiftWords);
    for (; word < kStateWords - 1; ++word) twist(word, word + 1, word + (kShiftWords - kStateWords));
    twist(kStateWords - 1, 0, kShiftWords - 1);
    next_word_ = 0;
  }
  std::uint32_t y = state_[next_word_++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= (y >> 18);
  return y;
}

std::uint64_t PythonRandom::getrandbits(int bits) {
  if (bits < 0 || bits > 64)
    fail("PythonRandom::getrandbits", "bit count " + std::to_string(bits) + " is outside 0..64");
  if (bits == 0) return 0;
  if (bits <= 32) return genrand_uint32() >> (32 - bits);
  // Least significant word first; the last word keeps only its top (bits - 32) bits.
  const std::uint64_t low = genrand_uint32();
  const std::uint64_t high = genrand_uint32() >> (64 - bits);
  return (high << 32) | low;
}

std::int64_t PythonRandom::randbelow(std::int64_t n) {
  if (n < 1) fail("PythonRandom::randbelow", "bound " + std::to_string(n) + " is not positive");
  const int bits = std::bit_width(static_cast<std::uint64_t>(n));
  std::uint64_t value = getrandbits(bits);
  while (value >= static_cast<std::uint64_t>(n)) value = getrandbits(bits);
  return static_cast<std::int64_t>(value);
}

double PythonRandom::random() {
  const std::uint32_t high = genrand_uint32() >> 5;
  const std::uint32_t low = genrand_uint32() >> 6;
  return (high * 67108864.0 + low) * (1.0 / 9007199254740992.0);
}

std::vector<std::int64_t> PythonRandom::sample(std::int64_t population_size, std::int64_t count) {
  if (population_size < 0 || count < 0 || count > population_size) {
    fail("PythonRandom::sample", "sample size " + std::to_string(count) +
                                     " is negative or larger than the population (" + std::to_string(population_size) +
                                     ")");
  }
  std::vector<std::int64_t> chosen(static_cast<std::size_t>(count));
  if (sample_uses_pool(population_size, count)) {
    // Invariant: the not yet chosen indices are pool[0 : population_size - i].
    std::vector<std::int64_t> pool(static_cast<std::size_t>(population_size));
    for (std::int64_t i = 0; i < population_size; ++i) pool[static_cast<std::size_t>(i)] = i;
    for (std::int64_t i = 0; i < count; ++i) {
      const auto j = static_cast<std::size_t>(randbelow(population_size - i));
      chosen[static_cast<std::size_t>(i)] = pool[j];
      pool[j] = pool[static_cast<std::size_t>(population_size - i - 1)];
    }
  } else {
    std::unordered_set<std::int64_t> selected;
    for (std::int64_t i = 0; i < count; ++i) {
      std::int64_t j = randbelow(population_size);
      while (selected.contains(j)) j = randbelow(population_size);
      selected.insert(j);
      chosen[static_cast<std::size_t>(i)] = j;
    }
  }
  return chosen;
}

}  // namespace dt
