// AttemptLedger and RunningAttempt: starts are counted across runs until an attempt ends, a released start does not
// count, and a cell whose records say it died N times reads back as N deaths in a new ledger (a new run).
#include <gtest/gtest.h>

#include <fstream>

#include "../test_support.h"
#include "dt/sweep/attempt_ledger.h"
#include "dt/sweep/scheduler.h"

namespace dt {
namespace {

const std::string kCell = "tiny-gpt2/sst2/s0_k1_T3";

TEST(AttemptLedger, StartsThatNeverEndCountAsDeathsInTheNextRun) {
  test::TempDir dir;
  {
    AttemptLedger run1(dir.path());
    EXPECT_EQ(run1.deaths(kCell), 0);
    run1.starting(kCell);  // the process dies here: ended() never comes
  }
  AttemptLedger run2(dir.path());
  EXPECT_EQ(run2.deaths(kCell), 1);
  run2.starting(kCell);
  EXPECT_EQ(AttemptLedger(dir.path()).deaths(kCell), 2);
  run2.ended(kCell);
  EXPECT_EQ(AttemptLedger(dir.path()).deaths(kCell), 0);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / (kCell + ".json")));
}

TEST(AttemptLedger, ForgetClearsTheDeaths) {
  test::TempDir dir;
  AttemptLedger(dir.path()).starting(kCell);
  AttemptLedger ledger(dir.path());
  ASSERT_EQ(ledger.deaths(kCell), 1);
  ledger.forget(kCell);
  EXPECT_EQ(ledger.deaths(kCell), 0);
  EXPECT_EQ(AttemptLedger(dir.path()).deaths(kCell), 0);
}

TEST(AttemptLedger, AnUnreadableRecordCountsAsOneDeath) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "m" / "t");
  std::ofstream(dir.path() / "m" / "t" / "c.json") << "{ not json";
  std::ofstream(dir.path() / "m" / "t" / "c.json.tmp.1.0") << "{}";  // a temporary is not a record
  const AttemptLedger ledger(dir.path());
  EXPECT_EQ(ledger.deaths("m/t/c"), 1);
}

TEST(RunningAttempt, AReleasedStartIsNotADeath) {
  test::TempDir dir;
  AttemptLedger(dir.path()).starting(kCell);  // one death from an earlier run
  AttemptLedger ledger(dir.path());
  ledger.starting(kCell);  // starts = 2
  RunningAttempt running(dir.path());
  running.set(kCell);
  running.release();  // a preemption signal reached the process running it
  EXPECT_EQ(AttemptLedger(dir.path()).deaths(kCell), 1);
  // Cells handed over after the signal are released at once.
  ledger.starting("other");
  running.set("other");
  EXPECT_EQ(AttemptLedger(dir.path()).deaths("other"), 0);
}

TEST(RunningAttempt, ReleasingWithoutACellChangesNothing) {
  test::TempDir dir;
  AttemptLedger(dir.path()).starting(kCell);
  RunningAttempt running(dir.path());
  running.release();
  EXPECT_EQ(AttemptLedger(dir.path()).deaths(kCell), 1);
}

TEST(Scheduler, WithheldCellsAreFailedAndNeverHandedOut) {
  Scheduler scheduler({"m", "m", "m"}, {false, false, false}, 1);
  scheduler.withhold(1);
  EXPECT_EQ(scheduler.failed_count(), 1U);
  EXPECT_EQ(scheduler.pending(), 2U);
  std::vector<std::size_t> handed;
  while (const auto next = scheduler.next(0, "m")) {
    handed.push_back(*next);
    scheduler.succeeded(*next);
  }
  EXPECT_EQ(handed, (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(scheduler.finished());
}

}  // namespace
}  // namespace dt
