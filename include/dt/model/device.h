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

}  // namespace dt
