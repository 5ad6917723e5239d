// Synthetic checkpoints: tiny random-weight models in the exact HF layout (config.json + model.safetensors, or
// shards + model.safetensors.index.json), so that the quick start, the smoke sweep and the tests run without a
// model hub. Weights ~ N(0, std), biases ~ N(0, 0.05), norm weights ~ 1 + N(0, 0.1), deterministic in the seed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dt {

struct SyntheticModelSpec {
  std::string arch = "gpt2";  // a name from synthetic_architectures()
  std::int64_t layers = 2;
  std::int64_t hidden = 64;
  std::int64_t heads = 4;
  std::int64_t kv_heads = 0;  // 0 = heads (grouped-query attention where the architecture has it)
  std::int64_t ffn = 0;       // 0 = the architecture's default multiple of hidden (BLOOM: always 4 x hidden)
  std::int64_t vocab = 512;
  std::int64_t positions = 256;
  std::uint64_t seed = 0;
  double std = 0.15;
  std::string disk_dtype = "F32";  // F32, F16 or BF16
  int shards = 1;                  // > 1 writes model-0000k-of-0000n.safetensors + index
  // Token ids the config declares; negative = the architecture's default for the vocabulary size.
  std::int64_t bos_token_id = -1, eos_token_id = -1, pad_token_id = -1;
  // Non-empty: a byte-level BPE tokenizer of `vocab` tokens is trained on these texts and written beside the
  // weights (vocab.json, merges.txt, tokenizer_config.json); its end-of-text token becomes bos / eos. OPT models get
  // OPT's layout (<s> <pad> </s> <unk> first, the demonstration encoding starts with </s>), the others GPT-2's.
  std::vector<std::string> tokenizer_texts;
  // "bpe" (GPT-2-family byte-level BPE: vocab.json + merges.txt) or "sentencepiece" (LLaMA's tokenizer.model).
  std::string tokenizer_kind = "bpe";
};

// Every string value (nested ones too) of the JSON Lines files, in file order: a tokenizer corpus.
std::vector<std::string> corpus_from_jsonl(const std::vector<std::filesystem::path>& files);

std::vector<std::string> synthetic_architectures();

// Writes the checkpoint into `out` atomically (a temporary directory renamed into place). Throws dt::Error if
// `out` exists or the spec is inconsistent.
void write_synthetic_checkpoint(const SyntheticModelSpec& spec, const std::filesystem::path& out);

}  // namespace dt
