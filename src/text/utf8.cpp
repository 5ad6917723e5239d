// UTF-8 decoding with maximal-subpart replacement (Unicode 15, section 3.9, table 3-7 of well-formed sequences).
#include "dt/text/utf8.h"

#include <cstdint>

namespace dt::text {

CodePoint decode_utf8(std::string_view text, std::size_t pos) {
  const auto byte_at = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte_at(pos);
  if (lead < 0x80) return {lead, 1, true};

  std::size_t continuation = 0;
  std::uint8_t second_low = 0x80, second_high = 0xBF;
  char32_t value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation = 2;
    value = lead & 0x0F;
    if (lead == 0xE0) second_low = 0xA0;   // no overlong forms
    if (lead == 0xED) second_high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation = 3;
    value = lead & 0x07;
    if (lead == 0xF0) second_low = 0x90;   // no overlong forms
    if (lead == 0xF4) second_high = 0x8F;  // nothing above U+10FFFF
  } else {
    return {kReplacementCharacter, 1, false};
  }

  for (std::size_t i = 1; i <= continuation; ++i) {
    const std::uint8_t low = i == 1 ? second_low : 0x80;
    const std::uint8_t high = i == 1 ? second_high : 0xBF;
    if (pos + i >= text.size() || byte_at(pos + i) < low || byte_at(pos + i) > high) {
      return {kReplacementCharacter, i, false};
    }
    value = (value << 6) | (byte_at(pos + i) & 0x3F);
  }
  return {value, continuation + 1, true};
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t pos = 0; pos < bytes.size();) {
    const CodePoint cp = decode_utf8(bytes, pos);
    if (cp.valid) {
      out.append(bytes.substr(pos, cp.length));
    } else {
      append_utf8(out, kReplacementCharacter);
    }
    pos += cp.length;
  }
  return out;
}

}  // namespace dt::text
