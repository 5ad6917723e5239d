// The pre-tokenizer of a BPE tokenizer: a sequence of steps, each cutting every piece the previous step left. Steps
// are HF's `Split` (a regex), `ByteLevel` (an optional leading space, then GPT-2's pattern when use_regex) and
// `Metaspace` (spaces become the replacement character "▁", a leading one is prepended as prepend_scheme says, and
// with split the piece is cut before every replacement character). The byte-to-symbol mapping of ByteLevel happens
// in the BPE model, so pieces stay raw UTF-8 here.
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

// Which pieces Metaspace gives a leading replacement character (when they do not start with one already):
// kFirst only the piece that starts the input text (not one after an added token), as HF's
// `offsets_original().0 == 0`.
enum class PrependScheme { kAlways, kFirst, kNever };

// "always", "first", "never" as tokenizer.json spells them; false when the name is unknown.
bool parse_prepend_scheme(std::string_view name, PrependScheme& out);

struct MetaspaceStep {
  std::string replacement = "\u2581";
  PrependScheme prepend_scheme = PrependScheme::kAlways;
  bool split = true;
};

class PreTokenizer {
 public:
  void add_split(RegexSplit split) { steps_.emplace_back(std::move(split)); }
  void add_byte_level(ByteLevelStep step) { steps_.emplace_back(step); }
  void add_metaspace(MetaspaceStep step) { steps_.emplace_back(std::move(step)); }
  bool has_byte_level() const;

  // Appends the pieces of `text` to `pieces`; `at_text_start` says whether `text` starts the input (see
  // PrependScheme). A piece is a view into `text` or into a string that this call adds to `storage` (a leading space
  // added by ByteLevel, Metaspace's rewritten text), so it lives as long as both.
  void split(std::string_view text, bool at_text_start, std::vector<std::string_view>& pieces,
             std::deque<std::string>& storage) const;

  // A piece between steps, and whether it starts the input text.
  struct Piece {
    std::string_view text;
    bool at_text_start;
  };

 private:
  std::vector<std::variant<RegexSplit, ByteLevelStep, MetaspaceStep>> steps_;
  // Working lists of split(), kept to spare an allocation a call (one instance, one thread: the Tokenizer contract).
  mutable std::vector<Piece> current_, next_;
  mutable std::vector<std::string_view> scratch_;
};

}  // namespace dt::text
