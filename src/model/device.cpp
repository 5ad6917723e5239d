// parse_device_name, cuda_backend_built and synchronize over LibTorch's CUDA entry points, which exist (and answer
// "no CUDA") in CPU-only builds too, so this file builds against every LibTorch.
#include "dt/model/device.h"

#include <ATen/ATen.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <torch/cuda.h>

#include <cstdlib>

#include "dt/util/error.h"

namespace dt {

bool cuda_backend_built() { return c10::impl::hasDeviceGuardImpl(c10::DeviceType::CUDA); }

at::Device parse_device_name(const std::string& name, const std::string& where) {
  if (name == "cpu") return at::kCPU;
  if (name.rfind("cuda", 0) != 0) fail(where, "unknown device '" + name + "' (cpu, cuda, cuda:N)");
  at::Device device = at::kCPU;
  try {
    device = at::Device(name);
  } catch (const std::exception&) {
    fail(where, "malformed device '" + name + "' (cpu, cuda, cuda:N)");
  }
  if (!cuda_backend_built())
    fail(where, "device '" + name + "' asked for, but this LibTorch build has no CUDA (see docs/gpus.md)");
  const auto visible = static_cast<std::int64_t>(torch::cuda::device_count());
  if (visible == 0) {
    const char* mask = std::getenv("CUDA_VISIBLE_DEVICES");
    fail(where, "device '" + name + "' asked for: this LibTorch has CUDA, but no GPU is visible (" +
                    (mask != nullptr ? "CUDA_VISIBLE_DEVICES='" + std::string(mask) + "'" : "no driver or no device") +
                    ")");
  }
  if (device.has_index() && device.index() >= visible)
    fail(where, "device '" + name + "' asked for, but only " + std::to_string(visible) + " GPU(s) are visible");
  return device;
}

void check_dtype_on_device(at::ScalarType dtype, const at::Device& device, const std::string& where) {
  if (!device.is_cpu() || dtype != at::kHalf) return;
  try {
    const auto x = at::ones({1, 2}, at::TensorOptions().dtype(dtype));
    (void)at::layer_norm(x, {2});
  } catch (const std::exception&) {
    fail(where,
         "dtype float16 does not run on the CPU with this LibTorch (no Half LayerNorm kernel); use bfloat16 or "
         "float32 on the CPU, float16 on a GPU");
  }
}

void synchronize(const at::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : -1);
}

}  // namespace dt
