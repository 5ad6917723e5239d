// parse_toml_file: a TOML file (task cards, sweep configs) read with toml++, every problem one dt::Error naming the
// file and line. Debian 12's toml++ 3.3.0 reaches __builtin_unreachable (undefined behaviour) when its whitespace
// test meets a code point in U+00A1..U+0499 (Latin-1 letters, Greek, Cyrillic, ...) where whitespace may stand:
// outside strings (invalid TOML anyway), after a backslash in a multi-line basic string, and after a line-ending
// backslash, whose trimmed whitespace may be followed by such a letter in valid TOML (dt's fuzzing found it). So the
// text is checked first: the invalid cases get dt's own error; the valid one is trimmed as TOML specifies (the
// newlines it removes are put back after the string, so that later line numbers stay right).
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>

namespace dt {

toml::table parse_toml_file(const std::filesystem::path& file);

// The text toml++ is given (exposed for tests): `text` with the trimming above, or a dt::Error naming `file`:line.
std::string toml_text_for_parser(const std::string& text, const std::string& file);

}  // namespace dt
