// MpiChannel: the sweep's only contact with MPI (C API; the C++ bindings are gone). Messages are (tag, text)
// pairs. Waiting never spins a core: it probes, then sleeps with a growing back-off (up to 20 ms), so the
// coordinator stays idle while workers compute and signals are noticed between probes.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace dt {

struct MpiMessage {
  int source = -1;
  int tag = 0;
  std::string payload;
};

class MpiChannel {
 public:
  MpiChannel(int* argc, char*** argv);  // MPI_Init (singleton init works without mpirun)
  ~MpiChannel();                        // MPI_Finalize
  MpiChannel(const MpiChannel&) = delete;
  MpiChannel& operator=(const MpiChannel&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // This rank's index among the ranks on its node (for GPU choice): OpenMPI's / Slurm's variable, else MPI's
  // shared-memory split.
  int local_rank() const { return local_rank_; }
  int local_size() const { return local_size_; }
  // How many ranks on this node (this one included) may run on a CPU this rank may run on: their affinity masks
  // overlap. Ranks bound to disjoint cores do not share; unbound ranks all do.
  int ranks_sharing_cpus() const { return ranks_sharing_cpus_; }

  void send(int destination, int tag, const std::string& payload);
  // Waits for a message from `source` (-1: any). Returns nullopt when `give_up()` becomes true while waiting.
  std::optional<MpiMessage> receive(int source, const std::function<bool()>& give_up);
  // Ends the whole job (used when a rank cannot continue and the others would wait forever).
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1, ranks_sharing_cpus_ = 1;
};

}  // namespace dt
