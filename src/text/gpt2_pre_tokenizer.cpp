// GPT-2 pre-tokenizer scanner. Each step matches the first alternative of the pattern that matches at the
// current position, exactly as a backtracking regex engine would.
#include "dt/text/gpt2_pre_tokenizer.h"

#include <unicode/uchar.h>

#include <array>
#include <cstdint>

#include "dt/text/utf8.h"

namespace dt::text {
namespace {

struct ClassifiedChar {
  CharClass cls;
  std::size_t length;
};

const std::array<CharClass, 128>& ascii_classes() {
  static const std::array<CharClass, 128> table = [] {
    std::array<CharClass, 128> out{};
    for (char32_t c = 0; c < 128; ++c) out[c] = classify(c);
    return out;
  }();
  return table;
}

ClassifiedChar classify_at(std::string_view text, std::size_t pos) {
  const auto byte = static_cast<std::uint8_t>(text[pos]);
  if (byte < 0x80) return {ascii_classes()[byte], 1};
  const CodePoint cp = decode_utf8(text, pos);
  return {cp.valid ? classify(cp.value) : CharClass::kOther, cp.length};
}

// Length of the contraction ('s 't 're 've 'm 'll 'd) at pos, or 0.
std::size_t contraction_length(std::string_view text, std::size_t pos) {
  if (text[pos] != '\'' || pos + 1 >= text.size()) return 0;
  const char first = text[pos + 1];
  if (first == 's' || first == 't' || first == 'm' || first == 'd') return 2;
  if (pos + 2 >= text.size()) return 0;
  const char second = text[pos + 2];
  if ((first == 'r' && second == 'e') || (first == 'v' && second == 'e') || (first == 'l' && second == 'l')) return 3;
  return 0;
}

}  // namespace

CharClass classify(char32_t code_point) {
  const auto c = static_cast<UChar32>(code_point);
  if (u_isUWhiteSpace(c)) return CharClass::kSpace;
  const auto category_mask = U_GET_GC_MASK(c);
  if (category_mask & U_GC_L_MASK) return CharClass::kLetter;
  if (category_mask & U_GC_N_MASK) return CharClass::kNumber;
  return CharClass::kOther;
}

void split_gpt2_pieces(std::string_view text, std::vector<std::string_view>& pieces) {
  const std::size_t size = text.size();
  std::size_t pos = 0;
  while (pos < size) {
    if (const std::size_t contraction = contraction_length(text, pos)) {
      pieces.push_back(text.substr(pos, contraction));
      pos += contraction;
      continue;
    }

    const ClassifiedChar first = classify_at(text, pos);
    // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional U+0020 and then a run of one class.
    std::size_t run_start = pos;
    CharClass run_class = first.cls;
    if (text[pos] == ' ' && pos + 1 < size) {
      const ClassifiedChar next = classify_at(text, pos + 1);
      if (next.cls != CharClass::kSpace) {
        run_start = pos + 1;
        run_class = next.cls;
      }
    }
    if (run_class != CharClass::kSpace) {
      std::size_t end = run_start;
      while (end < size) {
        const ClassifiedChar c = classify_at(text, end);
        if (c.cls != run_class) break;
        end += c.length;
      }
      pieces.push_back(text.substr(pos, end - pos));
      pos = end;
      continue;
    }

    // `\s+(?!\S)|\s+`: the whitespace run, less its last code point when a non-space follows.
    std::size_t end = pos;
    std::size_t last_start = pos;
    while (end < size) {
      const ClassifiedChar c = classify_at(text, end);
      if (c.cls != CharClass::kSpace) break;
      last_start = end;
      end += c.length;
    }
    if (end < size && last_start > pos) end = last_start;
    pieces.push_back(text.substr(pos, end - pos));
    pos = end;
  }
}

}  // namespace dt::text
