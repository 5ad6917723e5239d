// read_json_file: a whole JSON file, parsed; a missing, unreadable or malformed file is one dt::Error naming it.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

namespace dt {

nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace dt
