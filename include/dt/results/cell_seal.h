// The seal of a cell file: its first 512 bytes are an HDF5 user block holding the line
// "dt-cell-seal/1 sha256:<hex>\n" and zeros after it, where <hex> is the SHA-256 of every byte after the user block.
// HDF5 finds the superblock at offset 512 and h5py reads the file like any other. The seal is checked on the raw
// bytes before libhdf5 parses anything, so a damaged file never reaches HDF5's parser, which crashes on some damaged
// files (docs/development.md, "Fuzzing"). Only the results code and dt-seal include this header.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace dt {

inline constexpr std::size_t kCellSealBytes = 512;

enum class SealState {
  Sealed,    // the seal line is there and the digest matches the bytes after it
  Unsealed,  // an HDF5 file from offset 0: a cell file written by a dt that did not seal
  Broken,    // too short, an unknown header, a digest that does not match, or bytes after the seal line
};

struct SealCheck {
  SealState state = SealState::Broken;
  std::string problem;  // Broken: what is wrong (one line, without the path)
};

// Reads the whole file once; never throws (an unreadable file is Broken).
SealCheck check_cell_seal(const std::filesystem::path& path);

// Writes the seal into the first kCellSealBytes of `image`, the bytes of a cell file about to be written (its user
// block must be that size and zero). Throws dt::Error when the image is shorter than its user block.
void seal_image(std::string& image);

// Writes the seal into the first kCellSealBytes of `path`, which must be a user block of that size (HDF5 created the
// file with it, or the bytes were prepended). Throws dt::Error naming `shown_as` (the final name) on I/O failure.
void write_cell_seal(const std::filesystem::path& path, const std::filesystem::path& shown_as);

}  // namespace dt
