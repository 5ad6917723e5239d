// ensure_fast_blas: OPENBLAS_CORETYPE for CPUs whose model OpenBLAS does not recognise, by re-exec.
#include "dt/util/blas_setup.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace dt {
namespace {

constexpr const char* kRestartGuard = "DT_BLAS_RESTARTED";

bool is_generic_core(const std::string& core) {
  for (const char* old : {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine",
                          "Northwood", "Banias", "Unknown"})
    if (core == old) return true;
  return false;
}

}  // namespace

std::string blas_core_name() {
  using CoreName = char* (*)();
  const auto get = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (get == nullptr) return "";
  const char* name = get();
  return name == nullptr ? "" : name;
}

void ensure_fast_blas(int /*argc*/, char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr || std::getenv(kRestartGuard) != nullptr) return;
  if (!is_generic_core(blas_core_name())) return;
  __builtin_cpu_init();
  const char* core = __builtin_cpu_supports("avx512f") ? "SkylakeX"
                     : __builtin_cpu_supports("avx2")  ? "Haswell"
                                                       : nullptr;
  if (core == nullptr) return;
  setenv("OPENBLAS_CORETYPE", core, 1);
  setenv(kRestartGuard, "1", 1);
  execv("/proc/self/exe", argv);  // returns only on failure: carry on with the slow kernels
}

}  // namespace dt
