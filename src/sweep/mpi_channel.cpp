// MpiChannel over the MPI C API with probe + back-off waiting.
#include "dt/sweep/mpi_channel.h"

#include <mpi.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "dt/util/error.h"

namespace dt {
namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr) return fallback;
  try {
    return std::stoi(v);
  } catch (const std::exception&) {
    return fallback;
  }
}

// Gathers every node rank's affinity mask and counts those that overlap this rank's.
int count_ranks_sharing_cpus(MPI_Comm node, int node_size) {
  cpu_set_t mine;
  CPU_ZERO(&mine);
  if (sched_getaffinity(0, sizeof mine, &mine) != 0) return node_size;
  std::vector<cpu_set_t> all(static_cast<std::size_t>(node_size));
  if (MPI_Allgather(&mine, sizeof mine, MPI_BYTE, all.data(), sizeof mine, MPI_BYTE, node) != MPI_SUCCESS)
    return node_size;
  int sharing = 0;
  for (auto& other : all) {
    cpu_set_t both;
    CPU_AND(&both, &mine, &other);
    sharing += CPU_COUNT(&both) > 0;
  }
  return std::max(1, sharing);
}

}  // namespace

MpiChannel::MpiChannel(int* argc, char*** argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized && MPI_Init(argc, argv) != MPI_SUCCESS) throw Error("MPI_Init failed");
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  int node_rank = 0, node_size = 1;
  MPI_Comm_rank(node, &node_rank);
  MPI_Comm_size(node, &node_size);
  ranks_sharing_cpus_ = count_ranks_sharing_cpus(node, node_size);
  MPI_Comm_free(&node);
  local_rank_ = env_int("OMPI_COMM_WORLD_LOCAL_RANK", env_int("SLURM_LOCALID", node_rank));
  local_size_ = env_int("OMPI_COMM_WORLD_LOCAL_SIZE", node_size);
}

MpiChannel::~MpiChannel() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void MpiChannel::send(int destination, int tag, const std::string& payload) {
  if (MPI_Send(payload.data(), static_cast<int>(payload.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD) !=
      MPI_SUCCESS)
    throw Error("MPI_Send to rank " + std::to_string(destination) + " failed");
}

std::optional<MpiMessage> MpiChannel::receive(int source, const std::function<bool()>& give_up) {
  const int from = source < 0 ? MPI_ANY_SOURCE : source;
  auto pause = std::chrono::microseconds(100);
  while (true) {
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
    if (ready) {
      int count = 0;
      MPI_Get_count(&status, MPI_CHAR, &count);
      MpiMessage message{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<std::size_t>(count), '\0')};
      MPI_Recv(message.payload.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      return message;
    }
    if (give_up && give_up()) return std::nullopt;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

void MpiChannel::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

}  // namespace dt
