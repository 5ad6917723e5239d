// Loading an HF fast tokenizer (tokenizer.json) with a BPE model: byte-level (GPT-2, OPT, BLOOM, Llama 3, Qwen2) or
// SentencePiece-style with byte fallback (Llama 2, Mistral, Phi-3, Gemma). Supported:
//   model           BPE: vocab; merges as "a b" strings or ["a", "b"] pairs; unk_token; fuse_unk; byte_fallback
//                   (needs the 256 tokens <0x00>..<0xFF>; not with ByteLevel); ignore_merges
//   normalizer      null, NFC / NFD / NFKC / NFKD, Prepend, Replace (String pattern), or a Sequence of them
//   pre_tokenizer   null, ByteLevel, Split (Regex or String), Metaspace (prepend_scheme always / first / never,
//                   split), or a Sequence of them; a ByteLevel step makes the model byte-level
//   added_tokens    special or not, normalized or not, lstrip / rstrip / single_word
//   post_processor  null, ByteLevel, TemplateProcessing, RobertaProcessing, BertProcessing or a Sequence of them
//   decoder         null, ByteLevel, Replace (String pattern), ByteFallback, Fuse, Strip, Metaspace, or a Sequence
// Anything else is a dt::Error naming the file and the field. bos / eos / pad names come from tokenizer_config.json /
// special_tokens_map.json when present, else from the post-processor's leading / trailing special token, else
// "<|endoftext|>" when it is an added token (GPT-2); "bos_token": null there means no BOS (Qwen2). As transformers
// loads them, a tokenizer_class of LlamaTokenizer or GemmaTokenizer (and their Fast and CodeLlama forms) replaces the
// post-processor by add_bos_token (default true) and add_eos_token (default false) from tokenizer_config.json.
#pragma once

#include <filesystem>
#include <memory>

#include "dt/text/tokenizer.h"

namespace dt::text {

std::unique_ptr<Tokenizer> load_hf_tokenizer_json(const std::filesystem::path& dir);

}  // namespace dt::text
