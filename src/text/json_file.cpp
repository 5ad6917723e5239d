// token_content: special-token entries as strings or {"content": ...} objects.
#include "dt/text/json_file.h"

#include "dt/util/error.h"

namespace dt::text {

std::string token_content(const nlohmann::json& value, const std::filesystem::path& file, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("content") && value["content"].is_string()) {
    return value["content"].get<std::string>();
  }
  fail(file.string(), field + " must be a string or an object with a string \"content\"");
}

}  // namespace dt::text
