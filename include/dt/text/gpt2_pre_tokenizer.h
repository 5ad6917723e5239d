// GPT-2's pre-tokenizer: the regex
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// as a hand-written scanner over code points. \p{L} and \p{N} are the Unicode general categories L* and N*,
// \s is the White_Space property (all from ICU). `\s+(?!\S)` backtracks: a whitespace run followed by a
// non-space gives its last code point to the next piece (" a" stays together), unless the run is one code point.
// Invalid UTF-8 bytes count as one non-letter, non-number, non-space code point each.
#pragma once

#include <string_view>
#include <vector>

namespace dt::text {

enum class CharClass : unsigned char { kLetter, kNumber, kSpace, kOther };

// The class of a code point: \p{L}, \p{N}, \s or anything else.
CharClass classify(char32_t code_point);

// Appends the pieces of `text` (views into it, in order, covering it exactly) to `pieces`.
void split_gpt2_pieces(std::string_view text, std::vector<std::string_view>& pieces);

}  // namespace dt::text
