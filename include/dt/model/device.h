// Compute devices by name, and waiting for a device's queued work (for honest wall-clock timings).
#pragma once

#include <ATen/core/TensorBody.h>

#include <string>

namespace dt {

// "cpu", "cuda", "cuda:N". Throws naming `where` and telling the three CUDA cases apart: this LibTorch was built
// without CUDA; it has CUDA but no GPU is visible (driver, CUDA_VISIBLE_DEVICES); N is past the visible GPUs.
at::Device parse_device_name(const std::string& name, const std::string& where);

// True when LibTorch's CUDA backend is linked in, whether or not a GPU is visible.
bool cuda_backend_built();

// Returns once every kernel queued on `device` has finished (nothing to do on the CPU).
void synchronize(const at::Device& device);

// Throws dt::Error naming `where` when this LibTorch cannot run a decoder in `dtype` on `device` (float16 on the CPU
// in LibTorch 1.13: no Half LayerNorm kernel), found by running a tiny layer norm, not by version.
void check_dtype_on_device(at::ScalarType dtype, const at::Device& device, const std::string& where);

}  // namespace dt
