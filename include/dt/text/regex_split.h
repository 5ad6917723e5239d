// HF's `Split` pre-tokenizer: cut a piece of text at the matches of a pattern (ICU regular expression syntax for
// the tokenizer.json form {"Regex": ...}, a literal for {"String": ...}) and keep, drop or attach the matches as
// `behavior` says. Empty pieces are dropped. Holds an ICU matcher, so one instance must not be used from two
// threads at once (the Tokenizer contract).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct URegularExpression;

namespace dt::text {

enum class SplitBehavior { kRemoved, kIsolated, kMergedWithPrevious, kMergedWithNext, kContiguous };

// "Removed", "Isolated", ... as tokenizer.json spells them; false when the name is unknown.
bool parse_split_behavior(std::string_view name, SplitBehavior& out);

class RegexSplit {
 public:
  // Throws dt::Error naming `where` when the pattern does not compile.
  RegexSplit(std::string_view pattern, bool literal, SplitBehavior behavior, bool invert, const std::string& where);
  ~RegexSplit();
  RegexSplit(RegexSplit&& other) noexcept;
  RegexSplit& operator=(RegexSplit&& other) noexcept;
  RegexSplit(const RegexSplit&) = delete;
  RegexSplit& operator=(const RegexSplit&) = delete;

  // Appends the pieces of `text` (views into it, in order) to `pieces`.
  void split(std::string_view text, std::vector<std::string_view>& pieces) const;

 private:
  struct Closer {
    void operator()(URegularExpression* regex) const;
  };
  std::unique_ptr<URegularExpression, Closer> regex_;
  SplitBehavior behavior_;
  bool invert_;
};

}  // namespace dt::text
