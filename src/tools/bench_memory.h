// Memory figures for dt-bench: the process's peak resident set, its private (anonymous) resident memory now (what a
// rank does not share with the other ranks of a node: file-backed pages of a mapped checkpoint are shared), and the
// device's used memory (device_memory.h).
#pragma once

#include <sys/resource.h>

#include <fstream>
#include <sstream>
#include <string>

#include "dt/model/device_memory.h"

namespace dt::bench {

inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// RssAnon of /proc/self/status in MiB; 0 where the kernel does not report it.
inline double private_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("RssAnon:", 0) != 0) continue;
    std::istringstream fields(line.substr(8));
    double kib = 0;
    fields >> kib;
    return kib / 1024.0;
  }
  return 0.0;
}

// The device's used memory (total - free) in MiB, or -1 where it is unknown (the CPU).
inline double device_used_mib(const at::Device& device) {
  const auto memory = device_memory(device);
  return memory ? static_cast<double>(memory->total_bytes - memory->free_bytes) / (1024.0 * 1024.0) : -1.0;
}

}  // namespace dt::bench
