// The checksum of a cell file: SHA-256 over every dataset (name, shape, element type and the bytes as stored) and
// every attribute of `/` that write_cell_file writes, in a fixed order. It is stored in the `checksum` attribute
// ("sha256:<hex>") when the file is written, computed from the file as HDF5 wrote it, and recomputed before a file
// is trusted (a rerun's skip, dt-report, dt-compare). Only the results code includes this header.
#pragma once

#include <string>

#include "dt/results/hdf5_file.h"

namespace dt {

inline constexpr const char* kChecksumAttribute = "checksum";

// "sha256:<hex>". Throws dt::Error when a dataset or a covered attribute cannot be read (the file is damaged).
std::string cell_checksum(const Hdf5File& h5);

}  // namespace dt
