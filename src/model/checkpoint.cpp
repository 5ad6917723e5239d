// Checkpoint loading: single-file or sharded safetensors, lazily materialised tensors, prefix resolution.
#include "dt/model/checkpoint.h"

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dt/io/safetensors.h"
#include "dt/util/error.h"
#include "dt/util/json_file.h"

namespace dt {
namespace {

at::ScalarType to_scalar_type(StDType dtype) {
  switch (dtype) {
    case StDType::F64: return at::kDouble;
    case StDType::F32: return at::kFloat;
    case StDType::F16: return at::kHalf;
    case StDType::BF16: return at::kBFloat16;
    case StDType::I64: return at::kLong;
    case StDType::I32: return at::kInt;
    case StDType::I16: return at::kShort;
    case StDType::I8: return at::kChar;
    case StDType::U8: return at::kByte;
    case StDType::BOOL: return at::kBool;
  }
  throw Error("internal: unknown dtype");
}

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

Checkpoint::Checkpoint(const std::filesystem::path& dir) : dir_(dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), "checkpoint directory does not exist");
  config_ = std::make_unique<ModelConfig>(dir / "config.json");
  const auto single = dir / "model.safetensors";
  const auto index_path = dir / "model.safetensors.index.json";
  if (std::filesystem::exists(single)) {
    files_.push_back(std::make_unique<SafetensorsFile>(single));
  } else if (std::filesystem::exists(index_path)) {
    const auto index = read_json_file(index_path);
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
      fail(index_path.string(), "missing 'weight_map' object");
    std::map<std::string, const SafetensorsFile*> by_file;
    for (const auto& [name, file] : index["weight_map"].items()) {
      if (!file.is_string()) fail(index_path.string(), "weight_map entry '" + name + "' is not a file name");
      const auto shard = file.get<std::string>();
      if (shard.empty() || shard.find('/') != std::string::npos || shard == "." || shard == "..")
        fail(index_path.string(), "weight_map entry '" + name + "' names '" + shard + "', not a file in the checkpoint directory");
      if (!by_file.count(shard)) {
        files_.push_back(std::make_unique<SafetensorsFile>(dir / shard));
        by_file[shard] = files_.back().get();
      }
      owner_[name] = by_file[shard];
    }
  } else {
    fail(dir.string(), "no model.safetensors or model.safetensors.index.json (only safetensors checkpoints are supported)");
  }
  for (const auto& file : files_) {
    for (const auto& t : file->tensors()) {
      auto it = owner_.find(t.name);
      if (it != owner_.end() && it->second != file.get()) continue;  // the index names another shard for it
      if (index_.count(t.name)) fail(file->path().string() + ": tensor '" + t.name + "'", "stored in more than one shard");
      index_[t.name] = &t;
      owner_[t.name] = file.get();
    }
  }
  for (const auto& [name, file] : owner_)
    if (!index_.count(name)) fail(file->path().string() + ": tensor '" + name + "'", "listed in the index but absent from the shard");
}

Checkpoint::~Checkpoint() = default;

std::vector<std::string> Checkpoint::tensor_names() const {
  std::vector<std::string> names;
  for (const auto& [name, t] : index_) names.push_back(name);
  return names;
}

std::vector<std::filesystem::path> Checkpoint::files() const {
  std::vector<std::filesystem::path> out{dir_ / "config.json"};
  for (const auto& f : files_) out.push_back(f->path());
  return out;
}

at::Tensor Checkpoint::load(const std::string& name, const std::vector<std::int64_t>& expected_shape,
                            const at::TensorOptions& options) const {
  auto it = index_.find(name);
  if (it == index_.end()) fail(dir_.string(), "missing tensor '" + name + "'");
  const StTensor& t = *it->second;
  const std::string where = owner_.at(name)->path().string() + ": tensor '" + name + "'";
  if (!expected_shape.empty() && t.shape != expected_shape)
    fail(where, "shape " + shape_string(t.shape) + " does not match the config's " + shape_string(expected_shape));
  auto host = at::empty(t.shape, at::TensorOptions().dtype(to_scalar_type(t.dtype)));
  if (!t.bytes.empty()) std::memcpy(host.data_ptr(), t.bytes.data(), t.bytes.size());
  return host.to(options.device(), options.dtype().toScalarType()).contiguous();
}

WeightReader::WeightReader(const Checkpoint& checkpoint, at::TensorOptions options, std::vector<std::string> prefixes)
    : checkpoint_(checkpoint), options_(options), prefixes_(std::move(prefixes)) {
  if (prefixes_.empty()) prefixes_.push_back("");
}

const std::string* WeightReader::resolve(const std::string& name) const {
  for (const auto& prefix : prefixes_) {
    scratch_ = prefix + name;
    if (checkpoint_.contains(scratch_)) return &scratch_;
  }
  return nullptr;
}

bool WeightReader::has(const std::string& name) const { return resolve(name) != nullptr; }

at::Tensor WeightReader::get(const std::string& name, const std::vector<std::int64_t>& shape) const {
  const auto* full = resolve(name);
  if (full == nullptr) fail(checkpoint_.dir().string(), "missing tensor '" + prefixes_.front() + name + "'");
  return checkpoint_.load(*full, shape, options_);
}

at::Tensor WeightReader::get_optional(const std::string& name, const std::vector<std::int64_t>& shape) const {
  const auto* full = resolve(name);
  return full == nullptr ? at::Tensor() : checkpoint_.load(*full, shape, options_);
}

}  // namespace dt
