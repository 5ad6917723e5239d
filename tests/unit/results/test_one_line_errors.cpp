// Error messages that echo user text stay on one line, and errors of atomic writes name the user's path, never the
// temporary one: quote_text / one_line, dt::fail, write_file_atomically, Hdf5File::create and check_output_location.
#include <gtest/gtest.h>

#include <string>

#include "../test_support.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/output_location.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(OneLineErrors, QuoteTextEscapesLikeJson) {
  EXPECT_EQ(quote_text("Review:\n{sentence"), R"("Review:\n{sentence")");
  EXPECT_EQ(quote_text("a\"b\\c\td\r\x01"), R"("a\"b\\c\td\r\u0001")");
  EXPECT_EQ(one_line("x\ny\\n"), R"(x\ny\n)");
}

TEST(OneLineErrors, FailNeverSplitsAMessage) {
  const auto e = error_of([] { fail("data\nfile.jsonl:3", "value 'a\nb' is bad"); });
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  EXPECT_EQ(e, R"(data\nfile.jsonl:3: value 'a\nb' is bad)");
}

TEST(OneLineErrors, ErrorIsOneLineHoweverItIsBuilt) {
  EXPECT_STREQ(Error("internal: a\nb").what(), R"(internal: a\nb)");
}

TEST(OneLineErrors, ForeignExceptionsPrintTheirFirstLineOnly) {
  // LibTorch's c10::Error carries a backtrace after its first line.
  const std::runtime_error torch_like(
      "shape '[2, 3]' is invalid\nException raised from view at aten/x.cpp:1\nframe #0: ...");
  EXPECT_EQ(error_line(torch_like), "shape '[2, 3]' is invalid");
  EXPECT_EQ(error_line(std::bad_alloc()), "out of memory (std::bad_alloc)");
  EXPECT_EQ(error_line(Error("f.json: bad\nvalue")), R"(f.json: bad\nvalue)");
}

TEST(OneLineErrors, AtomicWritesNameTheFinalPath) {
  // /proc/self takes no new files, for root too.
  const auto e = error_of([] { write_file_atomically("/proc/self/dt-report.md", "x"); });
  EXPECT_EQ(e.rfind("/proc/self/dt-report.md: ", 0), 0u) << e;
  EXPECT_EQ(e.find(".tmp."), std::string::npos) << e;
  const auto h = error_of([] { Hdf5File::create("/proc/self/cell.h5.tmp.1.0", "/proc/self/cell.h5"); });
  EXPECT_EQ(h.rfind("/proc/self/cell.h5: ", 0), 0u) << h;
  EXPECT_EQ(h.find(".tmp."), std::string::npos) << h;
}

TEST(OneLineErrors, OutputLocationIsCheckedWithoutWriting) {
  test::TempDir dir;
  EXPECT_NO_THROW(check_output_location(dir / "new/deeper/cell.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "new"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  test::write_file(dir / "plain", "x");
  EXPECT_NE(error_of([&] { check_output_location(dir / "plain/cell.h5"); }).find("is not a directory"),
            std::string::npos);
  EXPECT_NE(error_of([&] { check_output_location(dir.path()); }).find("is a directory"), std::string::npos);
  EXPECT_NE(error_of([] { check_output_location("/proc/self/cell.h5"); }).find("cannot write here"), std::string::npos);
}

}  // namespace
}  // namespace dt
