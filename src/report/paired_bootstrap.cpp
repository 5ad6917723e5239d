// paired_bootstrap (see paired_bootstrap.h).
#include "dt/report/paired_bootstrap.h"

#include <algorithm>
#include <cmath>

#include "dt/util/error.h"

namespace dt {
namespace {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), by rejection of the top partial block.
  std::size_t below(std::size_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do x = next();
    while (x >= limit);
    return static_cast<std::size_t>(x % n);
  }

 private:
  std::uint64_t state_;
};

double accuracy(const std::vector<std::uint8_t>& correct) {
  double sum = 0;
  for (auto c : correct) sum += c;
  return correct.empty() ? 0.0 : sum / static_cast<double>(correct.size());
}

}  // namespace

PairedComparison paired_bootstrap(const std::vector<PairedCell>& cells, int resamples, std::uint64_t seed) {
  if (cells.empty()) throw Error("internal: a paired comparison of no cells");
  PairedComparison out;
  for (const auto& cell : cells) {
    if (cell.a.size() != cell.b.size() || cell.a.empty()) throw Error("internal: paired arms of different lengths");
    const double d = accuracy(cell.a) - accuracy(cell.b);
    (d > 0 ? out.wins : d < 0 ? out.losses : out.ties) += 1;
  }
  SplitMix64 rng(seed);
  std::vector<double> means;
  means.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    double total = 0;
    for (std::size_t s = 0; s < cells.size(); ++s) {
      const auto& cell = cells[rng.below(cells.size())];
      double diff = 0;
      for (std::size_t q = 0; q < cell.a.size(); ++q) {
        const auto i = rng.below(cell.a.size());
        diff += static_cast<double>(cell.a[i]) - static_cast<double>(cell.b[i]);
      }
      total += diff / static_cast<double>(cell.a.size());
    }
    means.push_back(total / static_cast<double>(cells.size()));
  }
  std::sort(means.begin(), means.end());
  const auto rank = [&](double p) {
    const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(p * static_cast<double>(means.size()))));
    return means[std::min(k, means.size()) - 1];
  };
  out.low = rank(0.025);
  out.high = rank(0.975);
  return out;
}

}  // namespace dt
