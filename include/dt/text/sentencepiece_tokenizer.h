// SentencePiece tokenizer (LLaMA's `tokenizer.model`) through Debian's libsentencepiece, with transformers'
// (slow, legacy) LlamaTokenizer behaviour: ids = the model's encoding of the text (its normalizer adds the dummy
// "▁" prefix), and add_special_tokens prepends BOS when add_bos_token (default true) and appends EOS when
// add_eos_token (default false), as tokenizer_config.json says.
#pragma once

#include <filesystem>
#include <memory>

#include "dt/text/tokenizer.h"

namespace dt::text {

std::unique_ptr<Tokenizer> load_sentencepiece_tokenizer(const std::filesystem::path& dir);

}  // namespace dt::text
