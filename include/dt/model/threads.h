// LibTorch's intra-op thread count, set explicitly: Debian's LibTorch defaults to 1 thread on small VMs.
#pragma once

namespace dt {

// The CPUs this process may run on: its affinity mask (a Slurm or cgroup cpuset, taskset), not the machine's.
int usable_cpus();

// requested > 0: use it. Otherwise DT_THREADS, else OMP_NUM_THREADS, else usable_cpus() divided among the processes
// sharing them: `ranks_sharing_cpus` when > 0 (dt-sweep counts its ranks whose masks overlap), else the MPI ranks on
// this node as the launcher tells (OMPI_COMM_WORLD_LOCAL_SIZE / SLURM_NTASKS_PER_NODE); at least 1. Returns the count
// set.
int configure_threads(int requested = 0, int ranks_sharing_cpus = 0);

}  // namespace dt
