// The temporary directory a synthetic checkpoint is generated in (`<out>.tmp.<pid>`, renamed to `<out>` when
// complete), and the removal of those a killed generation left behind. A temporary belongs to a dead generation when
// no process has its PID any more; one whose PID is alive (the generation is still running, or the PID was reused)
// is left alone.
#pragma once

#include <cstddef>
#include <filesystem>

namespace dt {

std::filesystem::path generation_temp_dir(const std::filesystem::path& out);

// Moves the complete directory `temp` to `out`: a rename when `out` does not exist, else one atomic swap (renameat2's
// RENAME_EXCHANGE) and the removal of the old directory, so that a reader sees the old or the new one, never a
// mixture. Removes `temp` and throws dt::Error naming `out` when it cannot.
void move_generated_into_place(const std::filesystem::path& temp, const std::filesystem::path& out);

// Removes `out`'s temporaries of processes that are gone; returns how many it removed.
std::size_t remove_stale_generation_temporaries(const std::filesystem::path& out);

}  // namespace dt
