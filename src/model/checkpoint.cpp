// Checkpoint loading: single-file or sharded safetensors or torch.save archives, lazily materialised tensors,
// prefix resolution. A tensor read as a parameter must be stored as F32, F16 or BF16 and hold finite values; other
// stored tensors (GPT-2's bool attention masks, integer buffers) are never read, so opening a file does not check them.
#include "dt/model/checkpoint.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>

#include "dt/io/safetensors.h"
#include "dt/io/torch_checkpoint_file.h"
#include "dt/io/weight_files.h"
#include "dt/model/registry.h"
#include "dt/util/error.h"

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

// A .bin tensor is a view (offset, shape, strides) of its storage record; the reader checked that it stays inside.
at::Tensor copy_view(const TorchTensor& t) {
  const auto type = to_scalar_type(t.dtype);
  auto host = at::empty(t.shape, at::TensorOptions().dtype(type));
  if (host.numel() == 0) return host;
  const auto elem = element_size(t.dtype);
  const auto numel = static_cast<std::int64_t>(t.storage.size() / elem);
  at::Tensor storage;
  if (reinterpret_cast<std::uintptr_t>(t.storage.data()) % elem == 0) {
    // read-only: the mapping is only ever the source of copy_
    storage = at::from_blob(const_cast<std::byte*>(t.storage.data()), {numel}, at::TensorOptions().dtype(type));
  } else {
    storage = at::empty({numel}, at::TensorOptions().dtype(type));
    std::memcpy(storage.data_ptr(), t.storage.data(), t.storage.size());
  }
  host.copy_(storage.as_strided(t.shape, t.strides, t.storage_offset));
  return host;
}

bool is_weight_dtype(StDType dtype) { return dtype == StDType::F32 || dtype == StDType::F16 || dtype == StDType::BF16; }

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

Checkpoint::Checkpoint(const std::filesystem::path& dir) : dir_(dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), "checkpoint directory does not exist");
  config_ = std::make_unique<ModelConfig>(dir / "config.json");
  const WeightFiles weights = find_weight_files(dir);
  for (const auto& file : weights.files)
    add_file(file, weights.format, weights.shard_of.empty() ? nullptr : &weights.shard_of);
}

// Opens one weight file and indexes its tensors. With `shard_of` (a sharded checkpoint's weight_map), a tensor the
// index assigns to another shard is skipped, and every tensor the index assigns here must be present.
void Checkpoint::add_file(const std::filesystem::path& path, WeightFormat format,
                          const std::map<std::string, std::string>* shard_of) {
  std::vector<std::pair<std::string, Source>> found;
  if (format == WeightFormat::Safetensors) {
    st_files_.push_back(std::make_unique<SafetensorsFile>(path));
    for (const auto& t : st_files_.back()->tensors())
      found.push_back({t.name, {st_files_.back().get(), &t, nullptr, nullptr}});
  } else {
    bin_files_.push_back(std::make_unique<TorchCheckpointFile>(path));
    for (const auto& t : bin_files_.back()->tensors())
      found.push_back({t.name, {nullptr, nullptr, bin_files_.back().get(), &t}});
  }
  paths_.push_back(path);
  const std::string shard = path.filename().string();
  for (auto& [name, source] : found) {
    if (shard_of != nullptr) {
      auto it = shard_of->find(name);
      if (it != shard_of->end() && it->second != shard) continue;  // the index names another shard for it
    }
    if (index_.count(name)) fail(path.string() + ": tensor '" + name + "'", "stored in more than one shard");
    index_.emplace(name, source);
  }
  if (shard_of == nullptr) return;
  for (const auto& [name, file] : *shard_of)
    if (file == shard && !index_.count(name))
      fail(path.string() + ": tensor '" + name + "'", "listed in the index but absent from the shard");
}

Checkpoint::~Checkpoint() = default;

const std::filesystem::path& Checkpoint::Source::path() const { return st_file ? st_file->path() : bin_file->path(); }

std::vector<std::string> Checkpoint::tensor_names() const {
  std::vector<std::string> names;
  for (const auto& [name, t] : index_) names.push_back(name);
  return names;
}

std::vector<std::filesystem::path> Checkpoint::files() const {
  std::vector<std::filesystem::path> out{dir_ / "config.json"};
  out.insert(out.end(), paths_.begin(), paths_.end());
  return out;
}

const std::vector<std::int64_t>& Checkpoint::shape(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) fail(dir_.string(), "missing tensor '" + name + "'");
  return it->second.st ? it->second.st->shape : it->second.bin->shape;
}

namespace {

// The stored tensor (safetensors `st`, else `bin` of `bin_file`) converted to `options`; dt::Error naming `where` for
// values that are not finite. LibTorch's own exceptions (an allocation that fails) pass through to Checkpoint::load,
// which names the tensor.
at::Tensor read_tensor(const StTensor* st, const TorchCheckpointFile* bin_file, const TorchTensor* bin,
                       const std::vector<std::int64_t>& shape, const at::TensorOptions& options,
                       const std::string& where) {
  at::Tensor host;
  if (st != nullptr) {
    host = at::empty(shape, at::TensorOptions().dtype(to_scalar_type(st->dtype)));
    if (!st->bytes.empty()) std::memcpy(host.data_ptr(), st->bytes.data(), st->bytes.size());
  } else {
    bin_file->verify_storage(*bin);
    host = copy_view(*bin);
  }
  auto out = host.to(options.device(), options.dtype().toScalarType()).contiguous();
  if (!at::isfinite(out).all().item<bool>()) {
    if (!at::isfinite(host).all().item<bool>()) fail(where, "holds NaN or infinite values");
    fail(where, "has values beyond the range of " + std::string(c10::toString(out.scalar_type())) +
                    " (they become infinite when converted for --dtype)");
  }
  return out;
}

}  // namespace

at::Tensor Checkpoint::load(const std::string& name, const std::vector<std::int64_t>& expected_shape,
                            const at::TensorOptions& options) const {
  auto it = index_.find(name);
  if (it == index_.end()) fail(dir_.string(), "missing tensor '" + name + "'");
  const Source& source = it->second;
  const auto& shape = source.st ? source.st->shape : source.bin->shape;
  if (!expected_shape.empty() && shape != expected_shape)
    fail(source.path().string() + ": tensor '" + name + "'",
         "shape " + shape_string(shape) + " does not match the config's " + shape_string(expected_shape));
  const auto dtype = source.st ? source.st->dtype : source.bin->dtype;
  const auto where = source.path().string() + ": tensor '" + name + "'";
  if (!is_weight_dtype(dtype))
    fail(where, "stored as " + std::string(dtype_name(dtype)) + "; a weight must be F32, F16 or BF16");
  at::Tensor out;
  try {
    out = read_tensor(source.st, source.bin_file, source.bin, shape, options, where);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {  // LibTorch's allocator (a vocabulary of 10^11 rows), a failed conversion
    std::uint64_t bytes = c10::elementSize(options.dtype().toScalarType());
    for (const auto d : shape) bytes *= static_cast<std::uint64_t>(std::max<std::int64_t>(d, 0));
    const std::string message = e.what();
    const bool memory = dynamic_cast<const std::bad_alloc*>(&e) != nullptr ||
                        message.find("allocate") != std::string::npos ||
                        message.find("out of memory") != std::string::npos;
    fail(where, "cannot load " + shape_string(shape) + " as " + dtype_to_name(options.dtype().toScalarType()) + " (" +
                    std::to_string(bytes) + " bytes): " + (memory ? std::string("out of memory") : error_line(e)));
  }
  return out;
}

WeightReader::WeightReader(const Checkpoint& checkpoint, at::TensorOptions options, std::vector<std::string> prefixes,
                           WeightPrecision linears)
    : checkpoint_(checkpoint), options_(options), prefixes_(std::move(prefixes)), linears_(linears) {
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
  return get(name, shape, options_.dtype().toScalarType());
}

at::Tensor WeightReader::get(const std::string& name, const std::vector<std::int64_t>& shape,
                             at::ScalarType dtype) const {
  const auto* full = resolve(name);
  if (full == nullptr) {
    std::string spellings = "'" + full_name(name) + "'";
    for (std::size_t i = 1; i < prefixes_.size(); ++i) spellings += " or '" + prefixes_[i] + name + "'";
    fail(checkpoint_.dir().string(), "missing tensor " + spellings);
  }
  return checkpoint_.load(*full, shape, options_.dtype(dtype));
}

at::Tensor WeightReader::get_optional(const std::string& name, const std::vector<std::int64_t>& shape) const {
  const auto* full = resolve(name);
  return full == nullptr ? at::Tensor() : checkpoint_.load(*full, shape, options_);
}

}  // namespace dt
