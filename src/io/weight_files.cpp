// Weight file discovery and index (weight_map) validation for checkpoint directories.
#include "dt/io/weight_files.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dt/util/error.h"
#include "dt/util/json_file.h"

namespace dt {
namespace {

WeightFiles read_index(const std::filesystem::path& dir, const std::filesystem::path& index_path, WeightFormat format) {
  const auto index = read_json_file(index_path);
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    fail(index_path.string(), "missing 'weight_map' object");
  WeightFiles out{format, {}, {}};
  for (const auto& [name, file] : index["weight_map"].items()) {
    if (!file.is_string()) fail(index_path.string(), "weight_map entry '" + name + "' is not a file name");
    const auto shard = file.get<std::string>();
    if (shard.empty() || shard.find('/') != std::string::npos || shard == "." || shard == "..")
      fail(index_path.string(),
           "weight_map entry '" + name + "' names '" + shard + "', not a file in the checkpoint directory");
    if (std::find(out.files.begin(), out.files.end(), dir / shard) == out.files.end()) out.files.push_back(dir / shard);
    out.shard_of[name] = shard;
  }
  if (out.files.empty()) fail(index_path.string(), "weight_map is empty");
  return out;
}

}  // namespace

WeightFiles find_weight_files(const std::filesystem::path& dir) {
  if (std::filesystem::exists(dir / "model.safetensors"))
    return {WeightFormat::Safetensors, {dir / "model.safetensors"}, {}};
  if (std::filesystem::exists(dir / "model.safetensors.index.json"))
    return read_index(dir, dir / "model.safetensors.index.json", WeightFormat::Safetensors);
  if (std::filesystem::exists(dir / "pytorch_model.bin")) return {WeightFormat::Torch, {dir / "pytorch_model.bin"}, {}};
  if (std::filesystem::exists(dir / "pytorch_model.bin.index.json"))
    return read_index(dir, dir / "pytorch_model.bin.index.json", WeightFormat::Torch);
  fail(dir.string(),
       "no weights: none of model.safetensors, model.safetensors.index.json, pytorch_model.bin, "
       "pytorch_model.bin.index.json");
}

}  // namespace dt
