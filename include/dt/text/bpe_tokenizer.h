// BpeTokenizer: an HF fast tokenizer with a BPE model, assembled from its parts: the GPT-2 family (GPT-2, OPT,
// RoBERTa, BLOOM, Llama 3, Qwen2: byte-level) and the SentencePiece-style conversions (Llama 2, Mistral, Phi-3,
// Gemma: characters with byte fallback). encode: cut out added tokens, normalize the rest, cut out the added tokens
// matched after normalization, pre-tokenize, BPE each piece, then add the post-processor's special tokens when
// asked. decode: token spellings through the decoder's steps, ill-formed UTF-8 replaced by U+FFFD. The loaders
// (hf_tokenizer_json.h, vocab_merges_files.h) fill the parts from files.
#pragma once

#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dt/text/added_tokens.h"
#include "dt/text/bpe_model.h"
#include "dt/text/decoder.h"
#include "dt/text/normalizer.h"
#include "dt/text/post_processor.h"
#include "dt/text/pre_tokenizer.h"
#include "dt/text/tokenizer.h"

namespace dt::text {

struct BpeTokenizerParts {
  BpeModel model;
  // Matched on the input text, or (normalized) on the normalized text by their normalized content, as HF does: under
  // Llama 2's Prepend("▁") a normalized "<x>" is found as "▁<x>".
  std::vector<AddedToken> added_tokens;
  Normalizer normalizer;
  PreTokenizer pre_tokenizer;
  PostProcessor post_processor;
  Decoder decoder;
  std::optional<std::int64_t> bos_id, eos_id, pad_id;
  std::vector<std::filesystem::path> files;
  std::string kind;    // for describe(): "byte-level BPE", "BPE with byte fallback", ...
  std::string source;  // which files, for describe(): "tokenizer.json" or "vocab.json + merges.txt"
};

// The id of an added token with this content, then (find_token_id only) of a vocabulary token with this spelling.
std::optional<std::int64_t> find_added_token_id(const BpeTokenizerParts& parts, std::string_view content);
std::optional<std::int64_t> find_token_id(const BpeTokenizerParts& parts, std::string_view content);

class BpeTokenizer final : public Tokenizer {
 public:
  explicit BpeTokenizer(BpeTokenizerParts parts);

  std::vector<std::int64_t> encode(std::string_view text, bool add_special_tokens) const override;
  std::string decode(const std::vector<std::int64_t>& ids) const override;

  std::int64_t vocab_size() const override { return vocab_size_; }
  std::optional<std::int64_t> token_to_id(std::string_view token) const override;
  std::optional<std::int64_t> bos_id() const override { return parts_.bos_id; }
  std::optional<std::int64_t> eos_id() const override { return parts_.eos_id; }
  std::optional<std::int64_t> pad_id() const override { return parts_.pad_id; }

  std::vector<std::filesystem::path> files() const override { return parts_.files; }
  std::string describe() const override;

 private:
  // `at_text_start`: the text begins the input (Metaspace's prepend_scheme "first").
  void encode_plain(std::string_view text, bool at_text_start, std::vector<std::int64_t>& ids) const;
  void encode_pieces(std::string_view text, bool at_text_start, std::vector<std::int64_t>& ids) const;

  BpeTokenizerParts parts_;
  AddedTokenMatcher raw_added_tokens_;
  AddedTokenMatcher normalized_added_tokens_;
  std::unordered_map<std::int64_t, std::string> added_content_by_id_;
  std::unordered_map<std::string, std::int64_t> added_id_by_content_;
  std::int64_t vocab_size_ = 0;

  mutable std::vector<std::string_view> pieces_;
  mutable std::deque<std::string> piece_storage_;
};

}  // namespace dt::text
