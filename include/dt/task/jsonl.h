// JSON Lines as HF `datasets` writes them: one JSON object per line. Every bad line is a dt::Error naming the file
// and the line number; blank lines are errors too (a record per line is the contract).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace dt {

struct JsonlFile {
  std::filesystem::path path;
  std::vector<nlohmann::json> rows;  // row i is line i + 1, unless `lines` says otherwise
  std::vector<std::size_t> lines;    // empty, or the line of each row (a card's filters drop rows: row_preparation.h)
};

JsonlFile read_jsonl(const std::filesystem::path& path);

// The line of row `index` (0-based) in its file.
std::size_t row_line(const JsonlFile& file, std::size_t index);

// "<path>:<line>" for row `index` (0-based) of a JsonlFile.
std::string row_location(const JsonlFile& file, std::size_t index);

}  // namespace dt
