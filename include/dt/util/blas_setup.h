// OpenBLAS chooses its kernels by CPU model when it is loaded. On virtual machines that hide the model it falls
// back to the oldest x86-64 kernels ("Prescott"), 4-7x slower than the CPU can do (measured here: 30 vs 200 GFLOP/s
// for a 2048^3 fp32 GEMM). The only way to choose the kernels is OPENBLAS_CORETYPE at load time, so a dt tool whose
// OpenBLAS picked an old core on a CPU with AVX2 / AVX-512 sets it and restarts itself (same pid, same arguments)
// before doing anything else. Users' own OPENBLAS_CORETYPE is always respected.
#pragma once

#include <string>

namespace dt {

// Call first thing in main(). Returns only when no restart is needed (or possible).
void ensure_fast_blas(int argc, char** argv);

// The kernel set OpenBLAS is using ("SkylakeX", "Haswell", ...), or "" when LibTorch does not use OpenBLAS.
std::string blas_core_name();

}  // namespace dt
