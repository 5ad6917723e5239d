// TorchCheckpointFile: one `pytorch_model*.bin` written by `torch.save(state_dict)` (the zip format of PyTorch >= 1.6),
// memory-mapped and validated when opened: the zip structure (io/zip_archive.h), the state-dict pickle (io/
// state_dict_pickle.h, a restricted unpickler that never runs code), the byte order, and every tensor against its
// storage record: the record holds exactly numel * element size bytes and the view (offset, shape, strides) stays
// inside it. Tied weights saved once share a storage record. The legacy pre-1.6 format, TorchScript archives and
// anything else are refused with one line that says what the file is and how to convert it.
// No LibTorch here: callers get raw little-endian storage bytes plus the view.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dt/io/mapped_file.h"
#include "dt/io/safetensors.h"

namespace dt {

class ZipArchive;
struct ZipEntry;

struct TorchTensor {
  std::string name;
  StDType dtype;
  std::vector<std::int64_t> shape, strides;  // strides in elements
  std::int64_t storage_offset = 0;           // in elements
  std::span<const std::byte> storage;        // the whole storage record, inside the mapping
  std::size_t storage_index = 0;             // which record (for `verify_storage`)
};

class TorchCheckpointFile {
 public:
  explicit TorchCheckpointFile(const std::filesystem::path& path);
  ~TorchCheckpointFile();

  const std::filesystem::path& path() const { return file_.path(); }
  const std::vector<TorchTensor>& tensors() const { return tensors_; }  // sorted by name
  // Checks the CRC-32 of a tensor's storage record the first time it is asked (then remembers); throws on corruption.
  void verify_storage(const TorchTensor& tensor) const;

 private:
  MappedFile file_;
  std::unique_ptr<ZipArchive> archive_;
  std::vector<const ZipEntry*> storages_;
  mutable std::vector<bool> verified_;
  std::vector<TorchTensor> tensors_;
};

}  // namespace dt
