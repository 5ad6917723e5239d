// configure_threads: the default comes from the CPUs this process may run on (its affinity mask), divided among the
// ranks sharing them; an explicit request and DT_THREADS win. Also the dtype probe for the CPU (float16).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "dt/model/device.h"
#include "dt/model/threads.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// Unsets an environment variable for the scope of a test.
class UnsetEnv {
 public:
  explicit UnsetEnv(const char* name) : name_(name) {
    if (const char* value = std::getenv(name)) saved_ = value;
    ::unsetenv(name);
  }
  ~UnsetEnv() {
    if (saved_) ::setenv(name_, saved_->c_str(), 1);
  }
  UnsetEnv(const UnsetEnv&) = delete;
  UnsetEnv& operator=(const UnsetEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

// Confines this thread (and the threads it starts) to its first allowed CPU for the scope of a test.
class OneCpu {
 public:
  OneCpu() {
    sched_getaffinity(0, sizeof saved_, &saved_);
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &saved_)) {
        CPU_SET(cpu, &one);
        break;
      }
    sched_setaffinity(0, sizeof one, &one);
  }
  ~OneCpu() { sched_setaffinity(0, sizeof saved_, &saved_); }
  OneCpu(const OneCpu&) = delete;
  OneCpu& operator=(const OneCpu&) = delete;

 private:
  cpu_set_t saved_{};
};

TEST(Threads, TheDefaultFollowsTheAffinityMaskAndTheRanksSharingIt) {
  const UnsetEnv dt_threads("DT_THREADS"), omp("OMP_NUM_THREADS"), local("OMPI_COMM_WORLD_LOCAL_SIZE"),
      slurm("SLURM_NTASKS_PER_NODE");
  const int all = usable_cpus();
  EXPECT_EQ(configure_threads(0, 1), all);
  EXPECT_EQ(configure_threads(0, all + 1), 1);  // more ranks than CPUs: still one thread each
  {
    const OneCpu confined;
    EXPECT_EQ(usable_cpus(), 1);
    EXPECT_EQ(configure_threads(0, 1), 1);
  }
  EXPECT_EQ(usable_cpus(), all);
  EXPECT_EQ(configure_threads(3, 1), 3);
  ::setenv("DT_THREADS", "2", 1);
  EXPECT_EQ(configure_threads(0, 1), 2);
  ::unsetenv("DT_THREADS");
  EXPECT_EQ(at::get_num_threads(), 2);
}

TEST(Threads, Float16OnTheCpuRunsOrIsRefusedInOneLine) {
  try {
    check_dtype_on_device(at::kHalf, at::kCPU, "model-dir");
    const auto x = at::ones({1, 2}, at::TensorOptions().dtype(at::kHalf));
    EXPECT_NO_THROW((void)at::layer_norm(x, {2}));  // accepted: this LibTorch has the kernels
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("model-dir: dtype float16 does not run on the CPU", 0), 0U) << e.what();
  }
  EXPECT_NO_THROW(check_dtype_on_device(at::kBFloat16, at::kCPU, "model-dir"));
  EXPECT_NO_THROW(check_dtype_on_device(at::kFloat, at::kCPU, "model-dir"));
}

}  // namespace
}  // namespace dt
