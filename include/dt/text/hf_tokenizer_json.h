// Loading an HF fast tokenizer (tokenizer.json) of the byte-level BPE family. Supported: model BPE (vocab; merges
// as "a b" strings or ["a", "b"] pairs; unk_token; ignore_merges); normalizer null, NFC/NFD/NFKC/NFKD or a Sequence
// of them; pre_tokenizer ByteLevel or a Sequence of Split and ByteLevel steps (BLOOM, Llama 3), with at least one
// ByteLevel; added_tokens; post_processor null, ByteLevel, TemplateProcessing, RobertaProcessing, BertProcessing or
// a Sequence of them; decoder null or ByteLevel. Anything else is a dt::Error naming the file and the field.
// bos / eos / pad names come from tokenizer_config.json / special_tokens_map.json when present, else from the
// post-processor's leading / trailing special token, else "<|endoftext|>" when it is an added token (GPT-2).
#pragma once

#include <filesystem>
#include <memory>

#include "dt/text/tokenizer.h"

namespace dt::text {

std::unique_ptr<Tokenizer> load_hf_tokenizer_json(const std::filesystem::path& dir);

}  // namespace dt::text
