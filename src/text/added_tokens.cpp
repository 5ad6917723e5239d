// Added-token matching (HF tokenizers' AddedVocabulary::find_matches, with a first-byte index in place of
// Aho-Corasick: the lists are short). Word characters for `single_word` are Rust regex's \w; whitespace for
// `lstrip` / `rstrip` is White_Space, as in HF.
#include "dt/text/added_tokens.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "dt/text/utf8.h"

namespace dt::text {
namespace {

bool is_word_char(char32_t code_point) {
  const auto c = static_cast<UChar32>(code_point);
  const auto category_mask = U_GET_GC_MASK(c);
  return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || (category_mask & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) ||
         u_hasBinaryProperty(c, UCHAR_JOIN_CONTROL);
}

// The code point that ends at `end` (end > 0).
CodePoint code_point_before(std::string_view text, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const CodePoint cp = decode_utf8(text, start);
  if (start + cp.length == end) return cp;
  return {kReplacementCharacter, 1, false};
}

bool word_char_before(std::string_view text, std::size_t pos) {
  if (pos == 0) return false;
  const CodePoint cp = code_point_before(text, pos);
  return cp.valid && is_word_char(cp.value);
}

bool word_char_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  const CodePoint cp = decode_utf8(text, pos);
  return cp.valid && is_word_char(cp.value);
}

bool space_at(std::string_view text, std::size_t pos, std::size_t& length) {
  const CodePoint cp = decode_utf8(text, pos);
  length = cp.length;
  return cp.valid && u_isUWhiteSpace(static_cast<UChar32>(cp.value));
}

// Start of the whitespace run that ends at `end`.
std::size_t whitespace_start_before(std::string_view text, std::size_t end) {
  while (end > 0) {
    const CodePoint cp = code_point_before(text, end);
    if (!cp.valid || !u_isUWhiteSpace(static_cast<UChar32>(cp.value))) break;
    end -= cp.length;
  }
  return end;
}

// End of the whitespace run that starts at `pos`.
std::size_t whitespace_end_after(std::string_view text, std::size_t pos) {
  std::size_t length = 0;
  while (pos < text.size() && space_at(text, pos, length)) pos += length;
  return pos;
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens) {
  for (auto& token : tokens)
    if (!token.content.empty()) tokens_.push_back(std::move(token));
  for (std::uint32_t i = 0; i < tokens_.size(); ++i)
    by_first_byte_[static_cast<unsigned char>(tokens_[i].content.front())].push_back(i);
  for (auto& bucket : by_first_byte_) {
    std::stable_sort(bucket.begin(), bucket.end(), [&](std::uint32_t a, std::uint32_t b) {
      return tokens_[a].content.size() > tokens_[b].content.size();
    });
  }
}

void AddedTokenMatcher::split(std::string_view text, std::vector<TextSegment>& segments) const {
  std::size_t plain_start = 0;  // where the text not yet given to a segment begins
  std::size_t pos = 0;
  while (pos < text.size()) {
    const AddedToken* match = nullptr;
    for (const std::uint32_t index : by_first_byte_[static_cast<unsigned char>(text[pos])]) {
      if (text.substr(pos).starts_with(tokens_[index].content)) {
        match = &tokens_[index];
        break;
      }
    }
    if (match == nullptr) {
      ++pos;
      continue;
    }
    std::size_t start = pos;
    std::size_t stop = pos + match->content.size();
    pos = stop;  // matches never overlap, even when one is discarded
    if (match->single_word && (word_char_before(text, start) || word_char_at(text, stop))) continue;
    if (match->lstrip) start = std::max(whitespace_start_before(text, start), plain_start);
    if (match->rstrip) stop = whitespace_end_after(text, stop);
    if (start > plain_start) segments.push_back({text.substr(plain_start, start - plain_start), -1});
    segments.push_back({text.substr(start, stop - start), match->id});
    plain_start = stop;
    pos = std::max(pos, stop);
  }
  if (plain_start < text.size()) segments.push_back({text.substr(plain_start), -1});
}

}  // namespace dt::text
