// python_strip / python_isspace over UTF-8 via ICU character properties.
#include "dt/task/python_strings.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace dt {

bool python_isspace(char32_t c) {
  const auto dir = u_charDirection(static_cast<UChar32>(c));
  return dir == U_WHITE_SPACE_NEUTRAL || dir == U_BLOCK_SEPARATOR || dir == U_SEGMENT_SEPARATOR ||
         u_charType(static_cast<UChar32>(c)) == U_SPACE_SEPARATOR;
}

std::string python_strip(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t begin = 0;
  while (begin < n) {
    int32_t next = begin;
    UChar32 c;
    U8_NEXT(s, next, n, c);
    if (c < 0 || !python_isspace(static_cast<char32_t>(c))) break;
    begin = next;
  }
  int32_t end = n;
  while (end > begin) {
    int32_t prev = end;
    UChar32 c;
    U8_PREV(s, 0, prev, c);
    if (c < 0 || !python_isspace(static_cast<char32_t>(c))) break;
    end = prev;
  }
  return std::string(text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
}

}  // namespace dt
