// Quoting user text inside one-line error messages. A template, a JSON Lines value, a TOML string or a file name may
// hold newlines or other control characters; echoed raw, they would split an error over several lines. This file
// is the escaping only, not the wording of any message; number_text spells numbers the same way everywhere.
#pragma once

#include <string>
#include <string_view>

namespace dt {

// `text` in double quotes with `"` and `\` backslash-escaped and control characters written as \n, \r, \t or
// \u00XX (the spelling of a JSON string), so the result is one line and reads back unambiguously.
std::string quote_text(std::string_view text);

// `text` with its control characters written as \n, \r, \t or \u00XX and nothing else changed: the last line of
// defence that keeps every message of dt::fail on one line.
std::string one_line(std::string_view text);

// A number as a user writes it in messages and names: `std::ostream`'s default form (0.01, 1e-08, 2).
std::string number_text(double value);

}  // namespace dt
