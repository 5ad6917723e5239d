// The normalizers a byte-level BPE tokenizer.json may name: none (GPT-2, OPT, BLOOM) or Unicode normalization
// forms (NFC, NFD, NFKC, NFKD, alone or in a Sequence), applied in order through ICU.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dt::text {

enum class NormalizationForm { kNFC, kNFD, kNFKC, kNFKD };

// "NFC", "NFD", ... as tokenizer.json spells them; false when the name is unknown.
bool parse_normalization_form(std::string_view name, NormalizationForm& out);

class Normalizer {
 public:
  Normalizer() = default;  // the identity
  explicit Normalizer(std::vector<NormalizationForm> forms) : forms_(std::move(forms)) {}

  bool is_identity() const { return forms_.empty(); }
  std::string apply(std::string_view text) const;

 private:
  std::vector<NormalizationForm> forms_;
};

}  // namespace dt::text
