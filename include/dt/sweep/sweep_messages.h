// The messages between dt-sweep's ranks, typed. A worker sends READY (the model it has loaded and the outcome of the
// cell it just ran); rank 0 answers WORK (a cell index) or STOP (no more cells for it), and at the very end EXIT (the
// status every rank exits with: mpirun aborts the job as soon as one rank exits non-zero, so no worker may exit
// before rank 0 is done). On the wire each is MpiChannel's (tag, text): JSON for READY, a decimal number for WORK and
// EXIT. Decoding checks every field and throws dt::Error naming the message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace dt {

enum class MessageTag : int { Ready = 1, Work = 2, Stop = 3, Exit = 4 };

enum class CellStatus { Ok, Skipped, Interrupted, OutputError, Failed };
const char* status_name(CellStatus status);  // "ok", "skipped", "interrupted", "output_error", "failed"

// How one cell ended on a worker.
struct CellResult {
  std::size_t cell = 0;
  CellStatus status = CellStatus::Failed;
  std::string key;    // Ok, Skipped: the cell's key
  std::string error;  // OutputError, Failed: the error line
  double seconds = 0;
};

struct ReadyMessage {
  std::string loaded;                // the model the worker has loaded ("" before its first cell)
  std::optional<CellResult> result;  // the cell it just finished (none before its first cell)
};

std::string encode_ready(const ReadyMessage& message);
ReadyMessage decode_ready(const std::string& payload);

std::string encode_work(std::size_t cell);
// Throws when the payload is not a cell index below `grid_size`.
std::size_t decode_work(const std::string& payload, std::size_t grid_size);

std::string encode_exit(int status);
int decode_exit(const std::string& payload);

}  // namespace dt
