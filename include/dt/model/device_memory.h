// The free and total memory of a device, as its driver reports them: for CUDA, cuMemGetInfo of the CUDA driver
// (libcuda.so.1, opened at run time, so that this builds against CPU-only LibTorch too) in the calling thread's
// current context, which LibTorch has made current once a tensor lives on the device. The CPU, a machine without the
// driver, or a driver call that fails: nullopt.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <optional>

namespace dt {

struct DeviceMemory {
  std::uint64_t free_bytes = 0, total_bytes = 0;
};

std::optional<DeviceMemory> device_memory(const at::Device& device);

}  // namespace dt
