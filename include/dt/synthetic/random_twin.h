// The random-init control of a checkpoint (config/controls.h): a directory with every file of the source that is not
// a weight file copied byte for byte (config.json, the tokenizer's files, ...) and model.safetensors holding, for each
// of the source's tensors, one of the same name, shape and dtype initialised as HF's _init_weights does:
//   floating-point weights       ~ N(0, initializer_range)  (config.json's initializer_range, or OPT's init_std;
//                                  0.02 when it has neither); GPT-2's c_proj weights ~ N(0, range / sqrt(2 n_layer))
//   biases                       0
//   norm weights (LayerNorm, RMSNorm: names with "norm" or "ln_")  1; Gemma's zero-centred norms (1 + w) 0
//   buffers (attn.bias, attn.masked_bias, rotary inv_freq) and integer tensors: copied from the source
// Drawn weights the source ties (the same bytes, e.g. lm_head and the embedding) stay tied. Values come from one
// LibTorch CPU generator seeded with `seed`, tensor by tensor in name order, so the directory is a function of the
// source and the seed. dt-control.json records both; generation happens in a temporary directory that is then moved (or
// swapped) into place, as for synthetic checkpoints. Sources must hold safetensors weights of at most 8 GiB.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "dt/synthetic/spec_record.h"

namespace dt {

inline constexpr const char* kControlRecordFile = "dt-control.json";

// The record `out` holds when it is the twin of `source` under `seed`.
std::string random_twin_record(const std::filesystem::path& source, std::uint64_t seed);

// How `out` stands against that record (Missing, Current, Changed, or Unrecorded: a directory without a record).
GeneratedState random_twin_state(const std::filesystem::path& source, const std::filesystem::path& out,
                                 std::uint64_t seed);

// Generates the twin into `out`, replacing a stale twin there atomically. Throws dt::Error naming the directory.
void write_random_twin(const std::filesystem::path& source, const std::filesystem::path& out, std::uint64_t seed);

}  // namespace dt
