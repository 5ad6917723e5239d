// Token entries of a tokenizer directory's JSON files (read with dt::read_json_file): wrong shapes become one-line
// dt::Errors that name the file.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "dt/util/json_file.h"

namespace dt::text {

// A token given as a string or as {"content": string, ...} (tokenizer_config.json, special_tokens_map.json).
// Throws dt::Error naming `file` and `field` for anything else.
std::string token_content(const nlohmann::json& value, const std::filesystem::path& file, const std::string& field);

}  // namespace dt::text
