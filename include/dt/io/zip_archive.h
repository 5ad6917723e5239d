// ZipArchive: the entries of a zip file held in memory (a MappedFile's bytes), as PyTorch's `torch.save` writes
// them: stored (uncompressed) entries, ZIP64 records past 4 GiB, padding in the local headers. Everything is
// validated when the archive is opened: the end-of-central-directory record (and its ZIP64 form), every central
// directory entry, its local header and its data range lie inside the file; compressed or encrypted entries are
// refused. The CRC-32 of an entry is checked on request (`verify`), so a caller pays for it only for the bytes it
// reads. Any violation is a dt::Error naming the file and the entry. No LibTorch here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

struct ZipEntry {
  std::string name;
  std::span<const std::byte> data;
  std::uint32_t crc32 = 0;
};

class ZipArchive {
 public:
  // `where` names the file in error messages; `bytes` must outlive the archive.
  ZipArchive(std::span<const std::byte> bytes, std::string where);

  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* find(std::string_view name) const;  // nullptr when absent
  // Throws when the entry's bytes do not have the CRC-32 its central directory records (corruption).
  void verify(const ZipEntry& entry) const;
  const std::string& where() const { return where_; }

 private:
  std::string where_;
  std::vector<ZipEntry> entries_;
};

// True when `bytes` start with a zip local file header ("PK\3\4").
bool looks_like_zip(std::span<const std::byte> bytes);

}  // namespace dt
