// JSON file reading with file-naming errors.
#include "dt/text/json_file.h"

#include <fstream>
#include <sstream>

#include "dt/util/error.h"

namespace dt::text {

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path.string(), std::filesystem::exists(path) ? "cannot be read" : "does not exist");
  std::ostringstream contents;
  contents << in.rdbuf();
  try {
    return nlohmann::json::parse(contents.str());
  } catch (const nlohmann::json::exception& e) {
    fail(path.string(), std::string("not valid JSON: ") + e.what());
  }
}

std::string token_content(const nlohmann::json& value, const std::filesystem::path& file, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("content") && value["content"].is_string()) {
    return value["content"].get<std::string>();
  }
  fail(file.string(), field + " must be a string or an object with a string \"content\"");
}

}  // namespace dt::text
