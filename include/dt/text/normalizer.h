// The normalizers a tokenizer.json may name, applied in order: Unicode normalization forms (NFC, NFD, NFKC, NFKD,
// through ICU; Qwen2's NFC), Prepend (a prefix before non-empty text: the "▁" SentencePiece's dummy prefix becomes in
// Llama 2 / Mistral / Phi-3 conversions) and Replace of a literal string (" " -> "▁" in those and Gemma's).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace dt::text {

enum class NormalizationForm { kNFC, kNFD, kNFKC, kNFKD };

// "NFC", "NFD", ... as tokenizer.json spells them; false when the name is unknown.
bool parse_normalization_form(std::string_view name, NormalizationForm& out);

struct PrependText {
  std::string prefix;
};

struct ReplaceText {
  std::string pattern;
  std::string content;
};

// Every non-overlapping occurrence of `pattern` in `text`, left to right, replaced by `content`: HF's Replace (as a
// normalizer and as a decoder) with a String pattern. An empty pattern replaces nothing.
std::string replace_all(std::string_view text, std::string_view pattern, std::string_view content);

using NormalizerStep = std::variant<NormalizationForm, PrependText, ReplaceText>;

class Normalizer {
 public:
  Normalizer() = default;  // the identity
  explicit Normalizer(std::vector<NormalizerStep> steps) : steps_(std::move(steps)) {}

  bool is_identity() const { return steps_.empty(); }
  std::string apply(std::string_view text) const;

 private:
  std::vector<NormalizerStep> steps_;
};

}  // namespace dt::text
