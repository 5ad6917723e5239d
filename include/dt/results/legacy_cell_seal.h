// Sealing a cell file that an older dt wrote without a seal (results/cell_seal.h), so that it is trusted again
// without computing it anew. This is the one place where dt lets libhdf5 parse unsealed bytes: the file is copied
// behind a fresh user block, opened there, checked (format, and its checksum attribute when it has one, else the
// checksum is computed from its contents and stored), sealed and renamed over the original. The original is never
// modified in place: on any failure it stays as it was.
#pragma once

#include <filesystem>
#include <string>

namespace dt {

enum class LegacySealOutcome {
  AlreadySealed,        // it had a seal that matches; nothing written
  Sealed,               // its checksum attribute matched its contents; now sealed
  SealedChecksumAdded,  // it had no checksum attribute (written before dt stored them); computed, stored, sealed
  Refused,              // not a dt-cell/1 file, a seal or checksum that does not match, or unreadable; left as it was
};

struct LegacySealResult {
  LegacySealOutcome outcome = LegacySealOutcome::Refused;
  std::string problem;  // Refused: why (one line, without the path)
};

// Throws dt::Error only when the sealed copy cannot be written (the directory is read-only, the disk is full).
LegacySealResult seal_legacy_cell_file(const std::filesystem::path& path);

}  // namespace dt
