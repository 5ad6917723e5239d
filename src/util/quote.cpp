// quoted / one_line: JSON-style escapes of control characters.
#include "dt/util/quote.h"

#include <cstdio>
#include <sstream>

namespace dt {
namespace {

// Appends the escape of control character `c`, or `c` itself when it is not one.
void append_escaped_control(std::string& out, char c) {
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7f) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04x", byte);
    out += buffer;
    return;
  }
  out += c;
}

}  // namespace

std::string quote_text(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    append_escaped_control(out, c);
  }
  return out + "\"";
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) append_escaped_control(out, c);
  return out;
}

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace dt
