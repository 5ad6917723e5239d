// LibTorch's intra-op thread count, set explicitly: Debian's LibTorch defaults to 1 thread on small VMs.
#pragma once

namespace dt {

// requested > 0: use it. Otherwise DT_THREADS, else OMP_NUM_THREADS, else every hardware thread divided among the
// MPI ranks sharing this node (OMPI_COMM_WORLD_LOCAL_SIZE / SLURM_NTASKS_PER_NODE), at least 1. Returns the count set.
int configure_threads(int requested = 0);

}  // namespace dt
