// read_like_cell_readers: the attribute and dataset reads dt's cell readers make, each through Hdf5File, each
// allowed to end in a dt::Error. Shared by the hdf5_file and cell_file targets.
#pragma once

#include <filesystem>

namespace dt::fuzz {

void read_like_cell_readers(const std::filesystem::path& path);

}  // namespace dt::fuzz
