// Attention through LibTorch's scaled_dot_product_attention (the Fused kernel of execution_options.h): the keys and
// values stay in the compute dtype and, on CUDA, the fused kernels (memory-efficient attention, which takes a mask)
// run instead of separate score, mask and softmax passes. Built against LibTorch < 2.1 these throw: the model
// loader refuses the kernel there (resolve_attention_kernel).
//   fused_attention: blocks::attention's contract for any batch: keys past then fresh (batch-1 segments expanded
//     over the batch), grouped key heads repeated to the query heads, the mask as an additive float mask holding
//     `bias` (ALiBi) and the lowest finite value where attention is not allowed, so that a row with no visible key
//     averages all values as the Matmul kernel does, never NaN.
//   fused_segmented_attention: a packed row (segmented_attention.h's plan) as a batch of its segments: each
//     segment's slots attend the dense prefix (repeated per segment) followed by the segment's own keys, each under
//     its token's row of the mask (a sliding window hides part of the prefix), so the quadratic cost is per
//     segment, not per row.
#pragma once

#include <ATen/ATen.h>

#include <vector>

#include "dt/model/kv_cache.h"
#include "segmented_attention.h"

namespace dt::blocks {

at::Tensor fused_attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                           const at::Tensor& mask, const at::Tensor& bias, double scale);

at::Tensor fused_segmented_attention(const at::Tensor& q, const LayerKV& fresh, const std::vector<const LayerKV*>& past,
                                     const at::Tensor& mask, const at::Tensor& bias, double scale,
                                     const SegmentedKeys& plan);

}  // namespace dt::blocks
