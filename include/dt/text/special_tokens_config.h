// The special tokens a transformers tokenizer directory declares outside the vocabulary files:
// tokenizer_config.json (bos_token, eos_token, unk_token, pad_token, additional_special_tokens, add_bos_token,
// add_eos_token, add_prefix_space, added_tokens_decoder, tokenizer_class) and special_tokens_map.json, whose entries
// override tokenizer_config.json's as transformers applies them. Each token is a string or an {"content", "lstrip",
// "rstrip", "single_word", ...} object.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "dt/text/added_tokens.h"

namespace dt::text {

struct SpecialTokenSpec {
  std::string content;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
};

struct SpecialTokensConfig {
  std::optional<SpecialTokenSpec> bos, eos, unk, pad;
  bool bos_is_null = false;  // "bos_token": null (Qwen2): no BOS, whatever a post-processor or default would name
  std::vector<SpecialTokenSpec> additional;
  std::optional<bool> add_bos_token;
  std::optional<bool> add_eos_token;
  std::optional<bool> add_prefix_space;
  std::optional<std::string> tokenizer_class;    // the transformers class AutoTokenizer would build
  std::vector<AddedToken> added_tokens_decoder;  // tokenizer_config.json's explicit {id: token} table
  std::vector<std::filesystem::path> files;      // the files that were present and read
};

// Reads whichever of the two files exist in `dir` (neither is required). Throws dt::Error naming the file.
SpecialTokensConfig read_special_tokens_config(const std::filesystem::path& dir);

}  // namespace dt::text
