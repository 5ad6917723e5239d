// Loading a slow (Python) GPT-2 family tokenizer directory: vocab.json (spelling -> id) + merges.txt (one
// "left right" merge a line, after an optional "#version" line), with tokenizer_config.json /
// special_tokens_map.json when present. As transformers' GPT2Tokenizer: bos, eos and unk default to
// "<|endoftext|>"; special tokens found in the vocabulary are cut out of the text; add_special_tokens prepends
// the BOS only when add_bos_token is true (OPT), so GPT-2 adds nothing. That BOS is bos_token after
// special_tokens_map.json's override, as transformers 4.31 builds the slow tokenizer (and the fast one it converts
// from it when there is no tokenizer.json) with the map applied. A tokenizer_class other than GPT2Tokenizer(Fast) is
// an error.
#pragma once

#include <filesystem>
#include <memory>

#include "dt/text/tokenizer.h"

namespace dt::text {

// Throws dt::Error naming the file (and line of merges.txt) that is missing or malformed.
std::unique_ptr<Tokenizer> load_vocab_merges_tokenizer(const std::filesystem::path& dir);

}  // namespace dt::text
