// Tokenizer: text -> token ids as HF `tokenizer(text, add_special_tokens=...)` gives them, for the tokenizer files
// found in a model (or tokenizer) directory. Implementations keep per-word caches, so one instance must not be
// used from two threads at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // add_special_tokens = true runs the tokenizer's post-processor as HF does by default (OPT and LLaMA prepend
  // their BOS; GPT-2 adds nothing). Scoring sequences are encoded with false.
  virtual std::vector<std::int64_t> encode(std::string_view text, bool add_special_tokens) const = 0;
  virtual std::string decode(const std::vector<std::int64_t>& ids) const = 0;

  virtual std::int64_t vocab_size() const = 0;  // largest id + 1, added tokens included
  virtual std::optional<std::int64_t> token_to_id(std::string_view token) const = 0;
  virtual std::optional<std::int64_t> bos_id() const = 0;
  virtual std::optional<std::int64_t> eos_id() const = 0;
  virtual std::optional<std::int64_t> pad_id() const = 0;

  // The files the tokenizer was loaded from (for identity hashing of results).
  virtual std::vector<std::filesystem::path> files() const = 0;
  // A short description, e.g. "byte-level BPE (vocab.json + merges.txt, 50257 tokens)".
  virtual std::string describe() const = 0;
};

// Loads the tokenizer in `dir`: LLaMA's SentencePiece `tokenizer.model` (see load_tokenizer.cpp for when it wins),
// else `tokenizer.json` (HF fast tokenizer), else `vocab.json` + `merges.txt` (with `tokenizer_config.json` /
// `special_tokens_map.json` when present). Throws dt::Error naming the file.
std::unique_ptr<Tokenizer> load_tokenizer(const std::filesystem::path& dir);

}  // namespace dt
