// device_memory: see dt/model/device_memory.h.
#include "dt/model/device_memory.h"

#include <dlfcn.h>

#include <cstddef>

namespace dt {

std::optional<DeviceMemory> device_memory(const at::Device& device) {
  if (!device.is_cuda()) return std::nullopt;
  // The driver stays loaded for the process once LibTorch's CUDA runtime has opened it; this handle only adds a
  // reference, which is kept.
  static void* const driver = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
  if (driver == nullptr) return std::nullopt;
  using MemGetInfo = int (*)(std::size_t*, std::size_t*);  // CUresult cuMemGetInfo_v2(size_t*, size_t*)
  const auto get_info = reinterpret_cast<MemGetInfo>(dlsym(driver, "cuMemGetInfo_v2"));
  if (get_info == nullptr) return std::nullopt;
  std::size_t free_bytes = 0, total_bytes = 0;
  if (get_info(&free_bytes, &total_bytes) != 0 || total_bytes == 0) return std::nullopt;
  return DeviceMemory{free_bytes, total_bytes};
}

}  // namespace dt
