// Reading the JSON files of a tokenizer directory: parse errors and wrong shapes become one-line dt::Errors that
// name the file.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace dt::text {

// The parsed file; throws dt::Error naming it when it is missing, unreadable or not JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

// A token given as a string or as {"content": string, ...} (tokenizer_config.json, special_tokens_map.json).
// Throws dt::Error naming `file` and `field` for anything else.
std::string token_content(const nlohmann::json& value, const std::filesystem::path& file, const std::string& field);

}  // namespace dt::text
