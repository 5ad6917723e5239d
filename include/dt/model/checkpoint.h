// Checkpoint: an HF checkpoint directory as it is on disk: config.json plus either model.safetensors or the
// shards listed by model.safetensors.index.json. Every file is validated when opened (see io/safetensors.h);
// tensors are materialised lazily, by name, in the caller's dtype and device. Only this loader knows about
// safetensors; architectures ask for tensors by name through a WeightReader.
#pragma once

#include <ATen/ATen.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dt/model/model_config.h"

namespace dt {

class SafetensorsFile;
struct StTensor;

class Checkpoint {
 public:
  explicit Checkpoint(const std::filesystem::path& dir);
  ~Checkpoint();
  Checkpoint(const Checkpoint&) = delete;
  Checkpoint& operator=(const Checkpoint&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  const ModelConfig& config() const { return *config_; }
  bool contains(const std::string& name) const { return index_.count(name) != 0; }
  std::vector<std::string> tensor_names() const;
  // The weight files (config.json first), for identity hashing by callers.
  std::vector<std::filesystem::path> files() const;

  // Reads tensor `name`; when `expected_shape` is given the stored shape must equal it.
  at::Tensor load(const std::string& name, const std::vector<std::int64_t>& expected_shape,
                  const at::TensorOptions& options) const;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<ModelConfig> config_;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  std::map<std::string, const StTensor*> index_;
  std::map<std::string, const SafetensorsFile*> owner_;
};

// Name resolution for one architecture: HF checkpoints of the same model spell names with or without the
// base-model prefix ("transformer.h.0..." vs "h.0..."), so each lookup tries the prefixes in order.
class WeightReader {
 public:
  WeightReader(const Checkpoint& checkpoint, at::TensorOptions options, std::vector<std::string> prefixes);

  bool has(const std::string& name) const;
  at::Tensor get(const std::string& name, const std::vector<std::int64_t>& shape) const;  // throws if absent
  at::Tensor get_optional(const std::string& name, const std::vector<std::int64_t>& shape) const;
  const at::TensorOptions& options() const { return options_; }
  const Checkpoint& checkpoint() const { return checkpoint_; }

 private:
  const std::string* resolve(const std::string& name) const;

  const Checkpoint& checkpoint_;
  at::TensorOptions options_;
  std::vector<std::string> prefixes_;
  mutable std::string scratch_;
};

}  // namespace dt
