// Names of the weight precisions and attention kernels, and which kernel a model runs: see execution_options.h.
#include "dt/model/execution_options.h"

#include <torch/version.h>

#include "dt/util/error.h"

namespace dt {

WeightPrecision parse_weight_precision(const std::string& name, const std::string& where) {
  if (name == "native") return WeightPrecision::Native;
  if (name == "int8") return WeightPrecision::Int8;
  fail(where, "unknown weight precision '" + name + "' (native, int8)");
}

std::string weight_precision_name(WeightPrecision precision) {
  return precision == WeightPrecision::Int8 ? "int8" : "native";
}

AttentionKernel parse_attention_kernel(const std::string& name, const std::string& where) {
  if (name == "auto") return AttentionKernel::Auto;
  if (name == "matmul") return AttentionKernel::Matmul;
  if (name == "fused") return AttentionKernel::Fused;
  fail(where, "unknown attention kernel '" + name + "' (auto, matmul, fused)");
}

std::string attention_kernel_name(AttentionKernel kernel) {
  switch (kernel) {
    case AttentionKernel::Auto: return "auto";
    case AttentionKernel::Matmul: return "matmul";
    case AttentionKernel::Fused: return "fused";
  }
  throw Error("internal: unknown attention kernel");
}

bool fused_attention_built() {
  return TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1);
}

AttentionKernel resolve_attention_kernel(AttentionKernel requested, const at::Device& device,
                                         const std::string& where) {
  if (requested == AttentionKernel::Auto)
    return device.is_cuda() && fused_attention_built() ? AttentionKernel::Fused : AttentionKernel::Matmul;
  if (requested == AttentionKernel::Fused && !fused_attention_built())
    fail(where, std::string("attention kernel 'fused' asked for, but this LibTorch (") + TORCH_VERSION +
                    ") has no scaled_dot_product_attention with a scale (it needs 2.1 or later); use matmul");
  return requested;
}

}  // namespace dt
