// The paired comparison of two arms of the same cells (Deep-Thinking at the chosen step vs ICL, step 1, of each
// seed's cell): per seed, wins, losses and ties of the accuracy difference; and a bootstrap 95 % interval of the
// mean difference in accuracy (percentage points / 100) that resamples the seeds with replacement and, within each
// resampled seed, its queries with replacement (the same queries for both arms: paired), 2,000 times from a fixed
// seed (SplitMix64, indices drawn by rejection so that every index is equally likely), percentiles 2.5 and 97.5
// (nearest rank). Deterministic: the same results give the same interval.
#pragma once

#include <cstdint>
#include <vector>

namespace dt {

// One cell: whether each query was answered correctly by arm A and by arm B (1 or 0), aligned by query.
struct PairedCell {
  std::vector<std::uint8_t> a, b;
};

struct PairedComparison {
  std::int64_t wins = 0, losses = 0, ties = 0;  // seeds where A's accuracy is above, below, equal to B's
  double low = 0, high = 0;                     // the 95 % interval of mean(A − B)
  bool clearly_better() const { return low > 0; }
};

inline constexpr int kBootstrapResamples = 2000;
inline constexpr std::uint64_t kBootstrapSeed = 20230523;  // fixed: the interval is a function of the results

// Throws dt::Error when a cell's arms differ in length or the list is empty.
PairedComparison paired_bootstrap(const std::vector<PairedCell>& cells, int resamples = kBootstrapResamples,
                                  std::uint64_t seed = kBootstrapSeed);

}  // namespace dt
