// The pre-tokenizer of a byte-level BPE tokenizer: a sequence of steps, each cutting every piece the previous step
// left. Steps are HF's `Split` (a regex) and `ByteLevel` (an optional leading space, then GPT-2's pattern when
// use_regex). The byte-to-symbol mapping of ByteLevel happens in the BPE model, so pieces stay raw UTF-8 here.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dt/text/regex_split.h"

namespace dt::text {

struct ByteLevelStep {
  bool add_prefix_space = false;  // prepend ' ' to a piece that does not start with one
  bool use_regex = true;          // cut with GPT-2's pattern
};

class PreTokenizer {
 public:
  void add_split(RegexSplit split) { steps_.emplace_back(std::move(split)); }
  void add_byte_level(ByteLevelStep step) { steps_.emplace_back(step); }
  bool has_byte_level() const;

  // Appends the pieces of `text` to `pieces`. A piece is a view into `text` or into a string that this call adds
  // to `storage` (a leading space added by ByteLevel), so it lives as long as both.
  void split(std::string_view text, std::vector<std::string_view>& pieces, std::deque<std::string>& storage) const;

 private:
  std::vector<std::variant<RegexSplit, ByteLevelStep>> steps_;
};

}  // namespace dt::text
