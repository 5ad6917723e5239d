// Device names: CPU, malformed and unknown names, and the CUDA cases a user meets (no CUDA in this LibTorch, CUDA
// without a visible GPU, an index past the visible GPUs), each a clear error naming where the name came from.
#include <gtest/gtest.h>
#include <torch/cuda.h>

#include "dt/model/device.h"
#include "dt/util/error.h"

namespace dt {
namespace {

std::string error_of(const std::string& name) {
  try {
    parse_device_name(name, "--device");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Device, CpuAndErrors) {
  EXPECT_TRUE(parse_device_name("cpu", "--device").is_cpu());
  EXPECT_NE(error_of("tpu").find("--device: unknown device 'tpu'"), std::string::npos) << error_of("tpu");
  EXPECT_NE(error_of("cuda:x").find("malformed device 'cuda:x'"), std::string::npos) << error_of("cuda:x");
}

TEST(Device, CudaCasesAreToldApart) {
  const auto message = error_of("cuda:7");
  if (!cuda_backend_built()) {
    EXPECT_NE(message.find("this LibTorch build has no CUDA"), std::string::npos) << message;
  } else if (torch::cuda::device_count() == 0) {
    EXPECT_NE(message.find("this LibTorch has CUDA, but no GPU is visible"), std::string::npos) << message;
  } else if (torch::cuda::device_count() <= 7) {
    EXPECT_NE(message.find("GPU(s) are visible"), std::string::npos) << message;
  }
  synchronize(at::Device(at::kCPU));
}

}  // namespace
}  // namespace dt
