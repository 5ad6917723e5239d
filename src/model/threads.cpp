// configure_threads: picks and sets LibTorch's intra-op thread count.
#include "dt/model/threads.h"

#include <ATen/Parallel.h>
#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

namespace dt {
namespace {

int env_int(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  try {
    return std::max(0, std::stoi(value));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

int usable_cpus() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof mask, &mask) == 0 && CPU_COUNT(&mask) > 0) return CPU_COUNT(&mask);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int configure_threads(int requested, int ranks_sharing_cpus) {
  int threads = requested;
  if (threads <= 0) threads = env_int("DT_THREADS");
  if (threads <= 0) threads = env_int("OMP_NUM_THREADS");
  if (threads <= 0) {
    int ranks_here = ranks_sharing_cpus;
    if (ranks_here <= 0) ranks_here = env_int("OMPI_COMM_WORLD_LOCAL_SIZE");
    if (ranks_here <= 0) ranks_here = env_int("SLURM_NTASKS_PER_NODE");
    threads = std::max(1, usable_cpus() / std::max(1, ranks_here));
  }
  at::set_num_threads(threads);
  return threads;
}

}  // namespace dt
