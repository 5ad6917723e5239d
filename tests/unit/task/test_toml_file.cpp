// parse_toml_file's pre-pass (toml_file.h): the inputs that reach undefined behaviour in Debian 12's toml++ 3.3.0
// get dt's own one-line error, valid TOML with those letters parses to what the TOML spec says, and line numbers
// of later errors stay right.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "dt/util/error.h"
#include "dt/util/toml_file.h"

namespace dt {
namespace {

std::string error_of(const std::string& text) {
  try {
    toml_text_for_parser(text, "c.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TomlFile, LettersOutsideStringsOrAfterAnEscapingBackslashAreDtErrors) {
  EXPECT_EQ(error_of("\xd0\xbe"),  // the fuzzer's input: U+043E where a key may start
            "c.toml:1: malformed TOML: a non-ASCII character outside a string or a comment (bare keys are ASCII)");
  EXPECT_EQ(error_of("a = 1\n\xc3\xa9 = 2\n"),
            "c.toml:2: malformed TOML: a non-ASCII character outside a string or a comment (bare keys are ASCII)");
  EXPECT_EQ(
      error_of("x = \"\"\"a\n\\\xd0\xbe\"\"\"\n"),
      "c.toml:2: malformed TOML: a backslash in a multi-line string before a non-ASCII character is not an escape");
}

TEST(TomlFile, ValidTextIsUnchangedOutsideLineEndingBackslashes) {
  const std::string text =
      "# caf\xc3\xa9\nname = \"\xd0\xbe\" # \xd0\xbe\nlit = '\xd0\xbe'\nm = '''\n\xd0\xbe'''\n"
      "b = \"\"\"a \\\n  b\"\"\"\n";
  EXPECT_EQ(toml_text_for_parser(text, "c.toml"), text);
}

TEST(TomlFile, ALineEndingBackslashBeforeALetterIsTrimmedAsTheSpecSaysAndKeepsLineNumbers) {
  test::TempDir dir;
  test::write_file(dir / "c.toml", "x = \"\"\"a \\\n\n   \xd0\xbf\xd1\x80\xd0\xb8\"\"\"\ny = [\n");
  try {
    parse_toml_file(dir / "c.toml");
    FAIL() << "expected the unterminated array on line 4 to be reported";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("c.toml:4: malformed TOML"), std::string::npos) << e.what();
  }
  test::write_file(dir / "d.toml", "x = \"\"\"a \\\n\n   \xd0\xbf\xd1\x80\xd0\xb8\"\"\"\ny = 1\n");
  const auto root = parse_toml_file(dir / "d.toml");
  EXPECT_EQ(root["x"].value<std::string>(), std::string("a \xd0\xbf\xd1\x80\xd0\xb8"));
  EXPECT_EQ(root["y"].value<std::int64_t>(), 1);
}

}  // namespace
}  // namespace dt
