// paired_bootstrap against cases whose interval follows by hand from the resampling scheme in paired_bootstrap.h.
#include <gtest/gtest.h>

#include "dt/report/paired_bootstrap.h"
#include "dt/util/error.h"

namespace dt {
namespace {

TEST(PairedBootstrap, IdenticalArmsTieEverywhereWithAZeroInterval) {
  const std::vector<PairedCell> cells(3, PairedCell{{1, 0, 1}, {1, 0, 1}});
  const auto p = paired_bootstrap(cells);
  EXPECT_EQ(p.ties, 3);
  EXPECT_EQ(p.wins + p.losses, 0);
  EXPECT_EQ(p.low, 0.0);
  EXPECT_EQ(p.high, 0.0);
  EXPECT_FALSE(p.clearly_better());
}

TEST(PairedBootstrap, AnArmRightWhereTheOtherIsWrongOnEveryQueryGainsExactlyOne) {
  const std::vector<PairedCell> cells(4, PairedCell{{1, 1}, {0, 0}});
  const auto p = paired_bootstrap(cells);
  EXPECT_EQ(p.wins, 4);
  EXPECT_EQ(p.low, 1.0);
  EXPECT_EQ(p.high, 1.0);
  EXPECT_TRUE(p.clearly_better());
}

TEST(PairedBootstrap, OneSeedTwoQueriesGivesTheFullRangeOfItsResamples) {
  // The per-query differences are {1, 0}; two draws give a mean of 0 (p = 1/4), 1/2 (1/2) or 1 (1/4): with 2,000
  // resamples both the 2.5th and the 97.5th percentile fall inside the outer masses, so the interval is [0, 1].
  const auto p = paired_bootstrap({PairedCell{{1, 0}, {0, 0}}});
  EXPECT_EQ(p.wins, 1);
  EXPECT_EQ(p.low, 0.0);
  EXPECT_EQ(p.high, 1.0);
  EXPECT_FALSE(p.clearly_better());
}

TEST(PairedBootstrap, DeterministicAndChecked) {
  const std::vector<PairedCell> cells = {{{1, 0, 1, 1}, {0, 0, 1, 0}}, {{0, 1, 1, 0}, {0, 1, 0, 0}}};
  const auto a = paired_bootstrap(cells), b = paired_bootstrap(cells);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  EXPECT_LE(a.low, 0.375);  // the observed mean difference, (0.5 + 0.25) / 2, lies inside
  EXPECT_GE(a.high, 0.375);
  EXPECT_THROW(paired_bootstrap({PairedCell{{1}, {1, 0}}}), Error);
  EXPECT_THROW(paired_bootstrap({}), Error);
}

}  // namespace
}  // namespace dt
