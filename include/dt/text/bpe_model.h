// The BPE model of a tokenizer.json / vocab.json tokenizer: a vocabulary and ranked merges. A word (one
// pre-tokenizer piece) starts as one symbol per unit: per byte, spelled in GPT-2's byte-level alphabet (see
// byte_level.h), for a byte-level model; per UTF-8 character for the others (SentencePiece-style vocabularies), where
// a character that is not a token becomes its <0xXX> byte tokens (byte_fallback) or the unk token (fused into one
// for a run when fuse_unk), or is dropped when there is neither (HF tokenizers' merge_word). The pair of adjacent
// symbols with the lowest merge rank is merged first, equal ranks leftmost first, until no adjacent pair has a merge
// (HF tokenizers' and tiktoken's order). Merges are indexed by (left id, right id) and results are cached per word,
// so one instance must not be used from two threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dt::text {

class BpeModel {
 public:
  struct Options {
    bool byte_level = true;                // units are bytes (byte-level alphabet), else UTF-8 characters
    std::optional<std::string> unk_token;  // stands for a unit that is not in the vocabulary
    bool fuse_unk = false;                 // a run of unknown units is one unk token
    bool byte_fallback = false;            // an unknown character is its <0xXX> byte tokens (characters only)
    bool ignore_merges = false;            // a word that is itself in the vocabulary is one token
  };

  BpeModel();  // empty: no tokens, no merges
  // `vocab`: spelling -> id. Throws dt::Error naming `where` on a negative or repeated id, a missing unk token, or
  // (byte_fallback) a missing byte token <0x00>..<0xFF>.
  BpeModel(const std::vector<std::pair<std::string, std::int64_t>>& vocab, Options options, const std::string& where);

  // Adds the merge of the next rank (0, 1, ... in the order of the calls). Throws dt::Error naming `where` when either
  // side or their concatenation is not in the vocabulary.
  void add_merge(std::string_view left, std::string_view right, const std::string& where);

  // Appends the ids of one word (raw bytes) to `ids`.
  void encode_word(std::string_view word, std::vector<std::int64_t>& ids) const;

  std::optional<std::int64_t> token_to_id(std::string_view spelling) const;
  const std::string* id_to_token(std::int64_t id) const;  // nullptr for an id with no token
  std::int64_t vocab_size() const { return static_cast<std::int64_t>(id_to_token_.size()); }  // largest id + 1

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Merge {
    std::int32_t rank;
    std::int32_t merged_id;
  };
  struct CachedWord {
    std::uint32_t offset;
    std::uint32_t length;
  };
  struct Symbol {  // one symbol of a word being merged, in a doubly linked list; id -1 once merged away
    std::int32_t id;
    std::int32_t prev;
    std::int32_t next;
  };
  struct Candidate {  // a possible merge of the symbol at `position` with its right neighbour
    std::int32_t rank;
    std::int32_t position;
    std::int32_t left;
    std::int32_t right;
    std::int32_t merged;
  };

  static std::uint64_t pair_key(std::int32_t left, std::int32_t right) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
  }
  void merge(std::vector<std::int32_t>& ids) const;
  void split_units(std::string_view word, std::vector<std::int32_t>& ids) const;

  std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> token_to_id_;
  std::vector<std::string> id_to_token_;
  std::vector<bool> has_token_;
  std::unordered_map<std::uint64_t, Merge> merges_;
  std::int32_t next_rank_ = 0;
  std::array<std::int32_t, 256> byte_ids_;           // byte-level: the byte's symbol; -1 when not a token
  std::array<std::int32_t, 256> byte_fallback_ids_;  // byte_fallback: the byte's <0xXX> token
  std::int32_t unk_id_ = -1;
  Options options_;

  mutable std::unordered_map<std::string, CachedWord, StringHash, std::equal_to<>> cache_;
  mutable std::vector<std::int32_t> cached_ids_;
  mutable std::vector<std::int32_t> word_ids_;
  mutable std::vector<Symbol> symbols_;
  mutable std::vector<Candidate> candidates_;
};

}  // namespace dt::text
