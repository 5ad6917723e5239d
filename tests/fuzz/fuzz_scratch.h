// Scratch files for fuzz targets whose parsers read paths: one private directory per process (under TMPDIR,
// /dev/shm preferred by scripts/fuzz.sh), removed at exit. Multi-file inputs are split into parts at a separator
// line, so that one fuzz input can hold e.g. vocab.json, merges.txt and tokenizer_config.json.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_target.h"

namespace dt::fuzz {

// The line that separates the parts of a multi-file input (seeds are written with it).
inline constexpr std::string_view kPartSeparator = "\n--8<--\n";

std::vector<std::string_view> split_parts(Input input);

// A fresh, empty directory `name` inside this process's scratch directory.
std::filesystem::path scratch_dir(const std::string& name);

void write_file(const std::filesystem::path& path, std::string_view bytes);

inline std::string_view as_text(Input input) { return {reinterpret_cast<const char*>(input.data()), input.size()}; }

}  // namespace dt::fuzz
