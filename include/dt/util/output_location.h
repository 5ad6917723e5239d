// check_output_location: whether a file can be written at a path, asked before any work that would end in writing
// it, so a tool refuses at once instead of after hours of compute. Creates nothing that outlives the call.
#pragma once

#include <filesystem>

namespace dt {

// Throws dt::Error naming `file` when it is a directory, when a path component that exists is not a directory,
// or when the deepest existing directory on its path does not accept a new file (permissions, read-only file
// system). Directories that do not exist yet are fine: the writer creates them.
void check_output_location(const std::filesystem::path& file);

}  // namespace dt
