// corpus_from_jsonl: the strings of JSON Lines rows, depth first.
#include "dt/synthetic/tokenizer_corpus.h"

#include <nlohmann/json.hpp>

#include "dt/task/jsonl.h"

namespace dt {
namespace {

void collect_strings(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_structured()) {
    for (const auto& item : value) collect_strings(item, out);
  }
}

}  // namespace

std::vector<std::string> corpus_from_jsonl(const std::vector<std::filesystem::path>& files) {
  std::vector<std::string> texts;
  for (const auto& file : files)
    for (const auto& row : read_jsonl(file).rows) collect_strings(row, texts);
  return texts;
}

}  // namespace dt
