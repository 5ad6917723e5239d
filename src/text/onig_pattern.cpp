// Escape-by-escape rewrite: everything but the escapes named in onig_pattern.h is copied as it is.
#include "dt/text/onig_pattern.h"

namespace dt::text {

std::string icu_pattern_from_onig(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '\\' || i + 1 == pattern.size()) {
      out += pattern[i];
      continue;
    }
    const char escaped = pattern[++i];
    switch (escaped) {
      case 's': out += "\\p{White_Space}"; break;
      case 'S': out += "\\P{White_Space}"; break;
      case 'h': out += "[0-9A-Fa-f]"; break;
      case 'H': out += "[^0-9A-Fa-f]"; break;
      default:
        out += '\\';
        out += escaped;  // an escaped backslash or any other escape, copied whole so "\\s" stays two characters
    }
  }
  return out;
}

}  // namespace dt::text
