// Safetensors reader: memory-maps one `.safetensors` file and validates all of it before anything is used:
// the 8-byte header length lies within the file, the header is a JSON object, every tensor has a known dtype, a
// non-negative shape whose byte size (checked for overflow) equals its data_offsets span, offsets inside the data
// section and no two tensors overlap. Any violation is a dt::Error naming the file and the tensor.
// No LibTorch here: callers get raw little-endian bytes plus dtype and shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dt/io/mapped_file.h"

namespace dt {

enum class StDType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::size_t element_size(StDType dtype);
std::string_view dtype_name(StDType dtype);  // the safetensors spelling: "F32", "BF16", ...
bool parse_dtype(std::string_view name, StDType& out);

struct StTensor {
  std::string name;
  StDType dtype;
  std::vector<std::int64_t> shape;
  std::span<const std::byte> bytes;  // inside the mapping; valid while the SafetensorsFile lives
};

class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return file_.path(); }
  const std::vector<StTensor>& tensors() const { return tensors_; }  // sorted by name
  const StTensor* find(std::string_view name) const;                 // nullptr when absent
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

 private:
  MappedFile file_;
  std::vector<StTensor> tensors_;
  std::map<std::string, std::string> metadata_;
};

// One tensor to write: bytes must be little-endian and exactly numel * element_size long.
struct StTensorToWrite {
  std::string name;
  StDType dtype;
  std::vector<std::int64_t> shape;
  std::vector<std::byte> bytes;
};

// Writes a safetensors file atomically (temporary name, then rename). Tensors are stored sorted by name.
void write_safetensors(const std::filesystem::path& path, std::vector<StTensorToWrite> tensors,
                       const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

}  // namespace dt
