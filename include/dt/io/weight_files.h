// Which files hold an HF checkpoint directory's weights, in transformers' order of preference: model.safetensors,
// the shards of model.safetensors.index.json, pytorch_model.bin, the shards of pytorch_model.bin.index.json.
// An index's weight_map is validated (every entry names a file in the directory itself, nothing else); the files
// themselves are opened by their readers. No LibTorch here.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dt {

enum class WeightFormat { Safetensors, Torch };

struct WeightFiles {
  WeightFormat format;
  std::vector<std::filesystem::path> files;     // one file, or the shards in weight_map order of first mention
  std::map<std::string, std::string> shard_of;  // tensor name -> shard file name; empty for a single file
};

// Throws dt::Error naming the directory when it holds none of the four layouts, or the index when it is malformed.
WeightFiles find_weight_files(const std::filesystem::path& dir);

}  // namespace dt
