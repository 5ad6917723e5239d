// SyntheticModelSpec: what a synthetic checkpoint is (architecture, shape, seed, disk dtype, tokenizer), the domain
// of every field, and the bytes of weights it asks for. find_spec_problem is checked before anything is allocated or
// written, so a spec that cannot be generated, or would need more than kMaxSyntheticWeightBytes, is refused with
// one line naming the field instead of reaching LibTorch's allocator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dt {

struct SyntheticModelSpec {
  std::string arch = "gpt2";  // a name from synthetic_architectures()
  std::int64_t layers = 2;
  std::int64_t hidden = 64;
  std::int64_t heads = 4;
  std::int64_t kv_heads = 0;  // 0 = heads (grouped-query attention where the architecture has it)
  std::int64_t head_dim = 0;  // 0 = hidden / heads; else an explicit head width (the families with a head_dim key)
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

std::vector<std::string> synthetic_architectures();

// Synthetic models are for tests, smoke sweeps and benchmarks: 8 GiB of weights (about 2 B parameters in F32) is far
// above any of them and below what generation may hold in memory on a workstation (the weights, once).
inline constexpr std::uint64_t kMaxSyntheticWeightBytes = std::uint64_t{8} << 30;

// The first problem of a spec. `field` is the spec key as a sweep's [models.generate] spells it ("hidden",
// "kv_heads", "tokenizer"; "std", "disk_dtype", "shards", "bos_token_id", ... for the rest); callers map it to
// their option names.
struct SpecProblem {
  std::string field;
  std::string message;
};
std::optional<SpecProblem> find_spec_problem(const SyntheticModelSpec& spec);

// Parameters and bytes of weights on disk of a spec without a problem in its fields' domains; nullopt when they
// do not fit in 64 bits.
struct SyntheticSize {
  std::uint64_t parameters = 0, bytes = 0, tensors = 0;
};
std::optional<SyntheticSize> synthetic_size(const SyntheticModelSpec& spec);

}  // namespace dt
