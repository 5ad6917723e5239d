// automatic_tokens_per_forward: see dt/score/tokens_per_forward.h.
#include "dt/score/tokens_per_forward.h"

#include <c10/core/ScalarType.h>

#include <algorithm>

namespace dt {

std::int64_t automatic_tokens_per_forward(const ModelInfo& model, const std::optional<DeviceMemory>& memory) {
  if (!model.device.is_cuda()) return kCpuTokensPerForward;
  if (!memory) return kUnknownMemoryTokensPerForward;
  const auto element = static_cast<double>(c10::elementSize(model.dtype));
  const double kv = 2.0 * static_cast<double>(model.num_layers * model.num_kv_heads * model.head_dim) * element;
  const double activations = 24.0 * static_cast<double>(model.hidden_size) * element;
  const double logits = static_cast<double>(model.vocab_size) * (element + 8.0);
  const double attention = static_cast<double>(model.num_heads) * 2048.0 * 4.0;
  const double per_token = kv + activations + logits + attention;
  const auto fits = static_cast<std::int64_t>(0.4 * static_cast<double>(memory->free_bytes) / per_token);
  return std::clamp<std::int64_t>(fits / 256 * 256, kCpuTokensPerForward, kMaxTokensPerForward);
}

}  // namespace dt
