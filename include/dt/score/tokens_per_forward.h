// How many tokens fast scoring packs into one forward (ScoringOptions::token_budget) when the user does not say.
//   CPU: 384, measured on the CPU as the size where the GEMMs reach their rate while the attention scores stay in
//        cache (docs/performance.md).
//   CUDA: as many as 40 % of the device's free memory holds after the model is loaded, at a conservative cost per
//        token: the K/V of every layer (a prompt pack's KV lives on through its continuations), 24 hidden-size
//        activations, a vocabulary row of logits in the compute dtype plus two float32 copies (log-softmax), and
//        attention over 2,048 keys per head in float32; rounded down to a multiple of 256, between 384 and 16,384
//        (the size the H200 check ran at). Free memory unknown: 4,096.
// The choice is made once per loaded model (CellExecutor), recorded in each cell file's provenance, never in its key.
#pragma once

#include <cstdint>
#include <optional>

#include "dt/model/decoder.h"
#include "dt/model/device_memory.h"

namespace dt {

inline constexpr std::int64_t kCpuTokensPerForward = 384;
inline constexpr std::int64_t kMaxTokensPerForward = 16384;
inline constexpr std::int64_t kUnknownMemoryTokensPerForward = 4096;

std::int64_t automatic_tokens_per_forward(const ModelInfo& model, const std::optional<DeviceMemory>& memory);

}  // namespace dt
