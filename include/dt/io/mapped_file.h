// MappedFile: a read-only memory map of a whole file (RAII). Empty files map to an empty span.
// Only this file maps memory; the weight readers (safetensors, torch.save zip) and everything else see
// std::span<const std::byte>.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace dt {

class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path);  // throws dt::Error naming the file
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const std::byte> bytes() const { return {data_, size_}; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void release() noexcept;

  std::filesystem::path path_;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace dt
