// install_crash_report: a fatal signal prints the tool, the signal and a backtrace, and the process still dies of
// that signal (what the shell and the sweep's crash handling see).
#include <gtest/gtest.h>
#include <signal.h>

#include "dt/util/crash_report.h"

namespace {

void crash_with_segfault() {
  dt::install_crash_report("dt-test");
  volatile int* nowhere = nullptr;
  *nowhere = 1;
}

TEST(CrashReportDeathTest, SegfaultPrintsTheToolTheSignalAndABacktraceAndStillDiesOfIt) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(crash_with_segfault(), testing::KilledBySignal(SIGSEGV),
              "dt-test: fatal signal 11 \\(Segmentation fault\\) at address 0x0; "
              "backtrace:\n.*dt_util_tests\\(\\+0x[0-9a-f]+\\)");
}

TEST(CrashReportDeathTest, AbortIsReportedAndRaisedAgain) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        dt::install_crash_report("dt-test");
        abort();
      },
      testing::KilledBySignal(SIGABRT), "dt-test: fatal signal 6 \\(Aborted\\)");
}

}  // namespace
