// read_jsonl: line-by-line JSON object parsing with file:line errors.
#include "dt/task/jsonl.h"

#include <fstream>

#include "dt/util/error.h"

namespace dt {

JsonlFile read_jsonl(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path.string(), "cannot open data file");
  JsonlFile file{path, {}, {}};
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path.string() + ":" + std::to_string(number);
    if (line.find_first_not_of(" \t") == std::string::npos)
      fail(where, "empty line (expected one JSON object per line)");
    try {
      file.rows.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception& e) {
      fail(where, std::string("not valid JSON: ") + e.what());
    }
    if (!file.rows.back().is_object()) fail(where, "not a JSON object");
  }
  if (in.bad()) fail(path.string(), "read error");
  return file;
}

std::size_t row_line(const JsonlFile& file, std::size_t index) {
  return index < file.lines.size() ? file.lines[index] : index + 1;
}

std::string row_location(const JsonlFile& file, std::size_t index) {
  return file.path.string() + ":" + std::to_string(row_line(file, index));
}

}  // namespace dt
