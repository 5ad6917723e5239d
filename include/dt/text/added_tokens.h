// Added tokens (special tokens such as "<|endoftext|>" and user-added ones): they are cut out of the text before
// pre-tokenization and map straight to their ids. Matching is HF's: leftmost match, longest token at that position
// first; `single_word` skips a match inside a word, `lstrip` / `rstrip` swallow the whitespace beside a match.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dt::text {

struct AddedToken {
  std::int64_t id = 0;
  std::string content;
  bool special = false;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = false;  // matched after the normalizer (HF's default for non-special tokens)
};

// A stretch of text: an added token (id >= 0) or plain text for the pre-tokenizer (id < 0).
struct TextSegment {
  std::string_view text;
  std::int64_t added_id = -1;
};

class AddedTokenMatcher {
 public:
  AddedTokenMatcher() = default;
  explicit AddedTokenMatcher(std::vector<AddedToken> tokens);  // tokens with empty content never match

  bool empty() const { return tokens_.empty(); }
  const std::vector<AddedToken>& tokens() const { return tokens_; }

  // Appends the segments of `text` (views into it, in order, covering it) to `segments`; empty plain segments are
  // left out.
  void split(std::string_view text, std::vector<TextSegment>& segments) const;

 private:
  std::vector<AddedToken> tokens_;
  // For each first byte, the tokens starting with it, longest first.
  std::array<std::vector<std::uint32_t>, 256> by_first_byte_;
};

}  // namespace dt::text
