// How a model's arithmetic runs, beside its dtype and device: how its linear layers store their weights and which
// attention kernel it uses. Neither changes what a model computes beyond rounding; int8 weights change it by the
// quantization error (a tolerance of its own, golden_precision.h), so they enter a cell's key, the kernel does not.
//   WeightPrecision::Native  every weight in the compute dtype.
//   WeightPrecision::Int8    the weight matrices of the decoder blocks' linear layers in int8 with one float32 scale
//                            per output channel (absmax / 127, rounded to nearest); each product runs in the compute
//                            dtype and is scaled after. Embeddings, the output projection and norms stay native
//                            (as bitsandbytes' load_in_8bit keeps lm_head in 16 bits).
//   AttentionKernel::Matmul  dt's own attention (blocks::attention): scores, mask and softmax as separate passes.
//   AttentionKernel::Fused   LibTorch's scaled_dot_product_attention (LibTorch >= 2.1): keys and values stay in the
//                            compute dtype and the GPU's fused kernels run where the mask allows.
//   AttentionKernel::Auto    Fused on CUDA where this LibTorch has it, Matmul otherwise (the CPU keeps its numbers
//                            bit for bit).
#pragma once

#include <ATen/ATen.h>

#include <string>

namespace dt {

enum class WeightPrecision { Native, Int8 };
enum class AttentionKernel { Auto, Matmul, Fused };

// "native" / "int8"; throws dt::Error naming `where` otherwise.
WeightPrecision parse_weight_precision(const std::string& name, const std::string& where);
std::string weight_precision_name(WeightPrecision precision);

// "auto" / "matmul" / "fused"; throws dt::Error naming `where` otherwise.
AttentionKernel parse_attention_kernel(const std::string& name, const std::string& where);
std::string attention_kernel_name(AttentionKernel kernel);

// Whether this build's LibTorch has scaled_dot_product_attention with an explicit scale.
bool fused_attention_built();
// The kernel a model on `device` runs: Auto resolved as above; Fused without fused_attention_built() is an error
// naming `where`.
AttentionKernel resolve_attention_kernel(AttentionKernel requested, const at::Device& device, const std::string& where);

}  // namespace dt
