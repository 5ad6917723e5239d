// The few Python `str` operations task cards rely on, with Python's exact semantics on UTF-8 text.
#pragma once

#include <string>
#include <string_view>

namespace dt {

// str.isspace() for one code point: bidirectional class WS, B or S, or general category Zs.
bool python_isspace(char32_t code_point);
// str.strip() with no argument.
std::string python_strip(std::string_view text);

}  // namespace dt
