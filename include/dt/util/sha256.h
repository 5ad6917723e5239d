// SHA-256 (FIPS 180-4) for identity hashes of configurations and input files.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dt {

class Sha256 {
 public:
  Sha256();
  Sha256& update(const void* data, std::size_t size);
  Sha256& update(std::string_view text) { return update(text.data(), text.size()); }
  std::string hex();  // finishes the hash; the object must not be updated afterwards

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

std::string sha256_hex(std::string_view text);
// Hash of a whole file's contents; throws dt::Error naming the file.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace dt
