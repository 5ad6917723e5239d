// read_json_file: file contents through nlohmann::json with file-naming errors.
#include "dt/util/json_file.h"

#include <fstream>
#include <sstream>

#include "dt/util/error.h"

namespace dt {

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

}  // namespace dt
