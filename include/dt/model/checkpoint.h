// Checkpoint: an HF checkpoint directory as it is on disk: config.json plus weights in the first of these that
// exists, the order transformers uses: model.safetensors, the shards of model.safetensors.index.json,
// pytorch_model.bin, the shards of pytorch_model.bin.index.json. Every file is validated when opened (see
// io/safetensors.h, io/torch_checkpoint_file.h); tensors are materialised lazily, by name, in the caller's dtype and
// device. Only this loader knows about weight file formats; architectures ask for tensors by name through a
// WeightReader. Loading is not thread-safe (a .bin storage's checksum is verified on its first load).
#pragma once

#include <ATen/ATen.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dt/config/model_config.h"
#include "dt/io/weight_files.h"
#include "dt/model/execution_options.h"

namespace dt {

class SafetensorsFile;
struct StTensor;
class TorchCheckpointFile;
struct TorchTensor;

class Checkpoint {
 public:
  explicit Checkpoint(const std::filesystem::path& dir);
  ~Checkpoint();
  Checkpoint(const Checkpoint&) = delete;
  Checkpoint& operator=(const Checkpoint&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  const ModelConfig& config() const { return *config_; }
  bool contains(const std::string& name) const { return index_.count(name) != 0; }
  // The stored shape of tensor `name` (throws when absent).
  const std::vector<std::int64_t>& shape(const std::string& name) const;
  std::vector<std::string> tensor_names() const;
  // The weight files (config.json first), for identity hashing by callers.
  std::vector<std::filesystem::path> files() const;

  // Reads parameter `name`; when `expected_shape` is given the stored shape must equal it. Errors name the file and
  // the tensor: a dtype other than F32 / F16 / BF16, NaN or infinite values (also after conversion to `options`).
  at::Tensor load(const std::string& name, const std::vector<std::int64_t>& expected_shape,
                  const at::TensorOptions& options) const;

 private:
  // Where one tensor is stored: in a safetensors file or in a torch.save archive.
  struct Source {
    const SafetensorsFile* st_file = nullptr;
    const StTensor* st = nullptr;
    const TorchCheckpointFile* bin_file = nullptr;
    const TorchTensor* bin = nullptr;
    const std::filesystem::path& path() const;
  };
  void add_file(const std::filesystem::path& path, WeightFormat format,
                const std::map<std::string, std::string>* shard_of);

  std::filesystem::path dir_;
  std::unique_ptr<ModelConfig> config_;
  std::vector<std::unique_ptr<SafetensorsFile>> st_files_;
  std::vector<std::unique_ptr<TorchCheckpointFile>> bin_files_;
  std::vector<std::filesystem::path> paths_;
  std::map<std::string, Source> index_;
};

// Name resolution for one architecture: HF checkpoints of the same model spell names with or without the
// base-model prefix ("transformer.h.0..." vs "h.0..."), so each lookup tries the prefixes in order.
class WeightReader {
 public:
  // `linears`: how read_linear (architectures.h) stores the linear layers' weights.
  WeightReader(const Checkpoint& checkpoint, at::TensorOptions options, std::vector<std::string> prefixes,
               WeightPrecision linears = WeightPrecision::Native);

  bool has(const std::string& name) const;
  at::Tensor get(const std::string& name, const std::vector<std::int64_t>& shape) const;  // throws if absent
  // The same in `dtype` instead of the reader's (on its device).
  at::Tensor get(const std::string& name, const std::vector<std::int64_t>& shape, at::ScalarType dtype) const;
  at::Tensor get_optional(const std::string& name, const std::vector<std::int64_t>& shape) const;
  const at::TensorOptions& options() const { return options_; }
  WeightPrecision linears() const { return linears_; }
  const Checkpoint& checkpoint() const { return checkpoint_; }
  // `name` under the first prefix, the spelling error messages use.
  std::string full_name(const std::string& name) const { return prefixes_.front() + name; }

 private:
  const std::string* resolve(const std::string& name) const;

  const Checkpoint& checkpoint_;
  at::TensorOptions options_;
  std::vector<std::string> prefixes_;
  WeightPrecision linears_;
  mutable std::string scratch_;
};

}  // namespace dt
