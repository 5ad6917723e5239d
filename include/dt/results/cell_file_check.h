// Whether a cell file can be trusted (skipped on a rerun, read by dt-report and dt-compare), and setting aside the
// ones that cannot. LibTorch-free, so that the fuzz targets read cell files exactly as the tools do.
#pragma once

#include <filesystem>
#include <string>

namespace dt {

inline constexpr const char* kCellFileFormat = "dt-cell/1";

enum class CellFileState {
  Absent,        // no file at the path
  Verified,      // sealed, the seal matches, and its stored checksum matches its contents
  Unsealed,      // written by a dt that did not seal (no HDF5 parse); dt-seal verifies and seals it once
  OtherVersion,  // a dt cell file of another format version: never read
  Damaged,       // unreadable, not a dt cell file, or its seal or checksum does not match: never trusted
};

struct CellFileCheck {
  CellFileState state = CellFileState::Absent;
  std::string key;      // Verified
  std::string problem;  // every other state but Absent: what is wrong with the file (one line, without its path)
  bool trusted() const { return state == CellFileState::Verified; }
};

// Reads the whole file: the seal first, on the raw bytes; only a file whose seal matches is opened with HDF5, and then
// every dataset is decoded and hashed. Never throws for a bad file.
CellFileCheck check_cell_file(const std::filesystem::path& path);

// Moves `file` into the directory `into` (created when missing) as `<name>.<unix time>[.<n>]`, never replacing a
// file already there; returns the new path. Results are set aside, never deleted.
std::filesystem::path set_aside_file(const std::filesystem::path& file, const std::filesystem::path& into);

}  // namespace dt
