// SentencePiece tokenizer (LLaMA's `tokenizer.model`) through Debian's libsentencepiece, with transformers'
// (slow, legacy) LlamaTokenizer behaviour: ids = the model's encoding of the text (its normalizer adds the dummy
// "▁" prefix), and add_special_tokens prepends BOS when add_bos_token (default true) and appends EOS when
// add_eos_token (default false), as tokenizer_config.json says.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dt/text/tokenizer.h"

namespace dt::text {

std::unique_ptr<Tokenizer> load_sentencepiece_tokenizer(const std::filesystem::path& dir);

}  // namespace dt::text

namespace dt {

// Trains a LLaMA-style SentencePiece model (BPE with byte fallback, no normalisation, unk 0, bos 1, eos 2) of
// `vocab_size` pieces on `texts` and writes `out_dir/tokenizer.model`, whose bytes depend on the texts and the size
// only (no path is recorded in it). Throws dt::Error naming out_dir.
void train_sentencepiece(const std::vector<std::string>& texts, std::int64_t vocab_size,
                         const std::filesystem::path& out_dir);

}  // namespace dt
