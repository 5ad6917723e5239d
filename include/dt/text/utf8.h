// UTF-8 stepping for the tokenizers. A byte that does not start a well-formed sequence yields U+FFFD over the
// longest prefix that could still have become one (at least one byte), the "maximal subpart" rule that
// Rust's String::from_utf8_lossy and HF's decoders follow; arbitrary bytes therefore still step, tokenize and
// round-trip byte for byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dt::text {

inline constexpr char32_t kReplacementCharacter = U'\uFFFD';

struct CodePoint {
  char32_t value;      // kReplacementCharacter when !valid
  std::size_t length;  // bytes consumed, >= 1
  bool valid;
};

// The code point starting at text[pos]; pos < text.size().
CodePoint decode_utf8(std::string_view text, std::size_t pos);

void append_utf8(std::string& out, char32_t code_point);

// `bytes` with every ill-formed subsequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view bytes);

}  // namespace dt::text
