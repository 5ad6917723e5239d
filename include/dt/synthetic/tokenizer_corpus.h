// The texts a synthetic model's tokenizer is trained on: every string of some JSON Lines files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dt {

// Every string value (nested ones too) of the JSON Lines files, in file order. Throws dt::Error naming a bad file.
std::vector<std::string> corpus_from_jsonl(const std::vector<std::filesystem::path>& files);

}  // namespace dt
