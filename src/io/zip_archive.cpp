// Zip reader for torch.save archives (APPNOTE 6.3: end of central directory, ZIP64 locator and record, central
// directory file headers, local file headers). Offsets and sizes read from the file are checked against the file
// size before use; nothing is trusted.
#include "dt/io/zip_archive.h"

#include <algorithm>
#include <cstring>

#include "dt/util/crc32.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr std::size_t kEndOfDirectorySize = 22;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;

// Little-endian reads at absolute offsets of the file, each checked against its size.
class Bytes {
 public:
  Bytes(std::span<const std::byte> bytes, const std::string& where) : bytes_(bytes), where_(where) {}

  template <typename T>
  T at(std::uint64_t offset, const char* what) const {
    require(offset, sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + offset, sizeof(T));
    return value;
  }
  void require(std::uint64_t offset, std::uint64_t length, const char* what) const {
    if (offset > bytes_.size() || length > bytes_.size() - offset)
      fail(where_, std::string(what) + " runs past the end of the file (" + std::to_string(bytes_.size()) +
                       " bytes; truncated?)");
  }
  std::string_view text(std::uint64_t offset, std::uint64_t length, const char* what) const {
    require(offset, length, what);
    return {reinterpret_cast<const char*>(bytes_.data() + offset), static_cast<std::size_t>(length)};
  }
  std::size_t size() const { return bytes_.size(); }
  const std::byte* data() const { return bytes_.data(); }

 private:
  std::span<const std::byte> bytes_;
  const std::string& where_;
};

std::uint64_t find_end_of_directory(const Bytes& file, const std::string& where) {
  if (file.size() < kEndOfDirectorySize) fail(where, "too short to be a zip archive (truncated?)");
  const std::uint64_t last = file.size() - kEndOfDirectorySize;
  const std::uint64_t first = last > 0xFFFF ? last - 0xFFFF : 0;  // the comment is at most 65535 bytes
  for (std::uint64_t at = last + 1; at-- > first;)
    if (file.at<std::uint32_t>(at, "end of central directory") == kEndOfDirectory) return at;
  fail(where, "no zip end-of-central-directory record (truncated or not a zip archive)");
}

struct Directory {
  std::uint64_t entries, offset, size;
};

Directory read_directory_location(const Bytes& file, const std::string& where) {
  const std::uint64_t eocd = find_end_of_directory(file, where);
  Directory dir{file.at<std::uint16_t>(eocd + 10, "end of central directory"),
                file.at<std::uint32_t>(eocd + 16, "end of central directory"),
                file.at<std::uint32_t>(eocd + 12, "end of central directory")};
  if (file.at<std::uint16_t>(eocd + 4, "end of central directory") != 0)
    fail(where, "multi-disk zip archives are not supported");
  const bool zip64 = dir.entries == 0xFFFF || dir.offset == 0xFFFFFFFF || dir.size == 0xFFFFFFFF;
  if (zip64) {
    if (eocd < 20 || file.at<std::uint32_t>(eocd - 20, "ZIP64 locator") != kZip64Locator)
      fail(where, "ZIP64 archive without a ZIP64 end-of-central-directory locator");
    const auto record = file.at<std::uint64_t>(eocd - 20 + 8, "ZIP64 locator");
    if (file.at<std::uint32_t>(record, "ZIP64 end of central directory") != kZip64EndOfDirectory)
      fail(where, "ZIP64 locator does not point at a ZIP64 end-of-central-directory record");
    dir.entries = file.at<std::uint64_t>(record + 32, "ZIP64 end of central directory");
    dir.size = file.at<std::uint64_t>(record + 40, "ZIP64 end of central directory");
    dir.offset = file.at<std::uint64_t>(record + 48, "ZIP64 end of central directory");
  }
  file.require(dir.offset, dir.size, "central directory");
  if (dir.entries > dir.size / kCentralHeaderSize)
    fail(where, "central directory claims " + std::to_string(dir.entries) + " entries in " + std::to_string(dir.size) +
                    " bytes");
  return dir;
}

// The ZIP64 extended-information extra field replaces whichever of the three 32-bit values are 0xFFFFFFFF.
void apply_zip64_extra(std::string_view extra, std::uint64_t& size, std::uint64_t& compressed, std::uint64_t& offset,
                       const std::string& where) {
  while (extra.size() >= 4) {
    std::uint16_t id, length;
    std::memcpy(&id, extra.data(), 2);
    std::memcpy(&length, extra.data() + 2, 2);
    if (length > extra.size() - 4) fail(where, "extra field runs past its entry");
    if (id == 0x0001) {
      std::string_view field = extra.substr(4, length);
      for (std::uint64_t* value : {&size, &compressed, &offset}) {
        if (*value != 0xFFFFFFFF) continue;
        if (field.size() < 8) fail(where, "ZIP64 extra field is too short");
        std::memcpy(value, field.data(), 8);
        field.remove_prefix(8);
      }
      return;
    }
    extra.remove_prefix(4 + length);
  }
  if (size == 0xFFFFFFFF || compressed == 0xFFFFFFFF || offset == 0xFFFFFFFF)
    fail(where, "entry needs a ZIP64 extra field but has none");
}

}  // namespace

bool looks_like_zip(std::span<const std::byte> bytes) {
  std::uint32_t magic = 0;
  if (bytes.size() >= 4) std::memcpy(&magic, bytes.data(), 4);
  return magic == kLocalHeader;
}

ZipArchive::ZipArchive(std::span<const std::byte> bytes, std::string where) : where_(std::move(where)) {
  const Bytes file(bytes, where_);
  const Directory dir = read_directory_location(file, where_);
  std::uint64_t at = dir.offset;
  const std::uint64_t end = dir.offset + dir.size;
  for (std::uint64_t i = 0; i < dir.entries; ++i) {
    if (end - at < kCentralHeaderSize || file.at<std::uint32_t>(at, "central directory") != kCentralHeader)
      fail(where_, "central directory entry " + std::to_string(i) + " is corrupt");
    const auto flags = file.at<std::uint16_t>(at + 8, "central directory");
    const auto method = file.at<std::uint16_t>(at + 10, "central directory");
    const auto crc = file.at<std::uint32_t>(at + 16, "central directory");
    std::uint64_t compressed = file.at<std::uint32_t>(at + 20, "central directory");
    std::uint64_t size = file.at<std::uint32_t>(at + 24, "central directory");
    const auto name_length = file.at<std::uint16_t>(at + 28, "central directory");
    const auto extra_length = file.at<std::uint16_t>(at + 30, "central directory");
    const auto comment_length = file.at<std::uint16_t>(at + 32, "central directory");
    std::uint64_t local = file.at<std::uint32_t>(at + 42, "central directory");
    const std::uint64_t record = kCentralHeaderSize + name_length + extra_length + comment_length;
    if (end - at < record) fail(where_, "central directory entry " + std::to_string(i) + " runs past the directory");
    std::string name(file.text(at + kCentralHeaderSize, name_length, "entry name"));
    const std::string entry_where = where_ + ": entry '" + name + "'";
    apply_zip64_extra(file.text(at + kCentralHeaderSize + name_length, extra_length, "extra field"), size, compressed,
                      local, entry_where);
    if (flags & 1) fail(entry_where, "is encrypted");
    if (method != 0 || compressed != size)
      fail(entry_where,
           "is compressed (method " + std::to_string(method) + "); torch.save stores entries uncompressed");
    if (file.at<std::uint32_t>(local, "local header") != kLocalHeader) fail(entry_where, "local header is corrupt");
    const auto local_name = file.at<std::uint16_t>(local + 26, "local header");
    const auto local_extra = file.at<std::uint16_t>(local + 28, "local header");
    if (file.text(local + kLocalHeaderSize, local_name, "local header") != name)
      fail(entry_where, "local header names another entry");
    const std::uint64_t data = local + kLocalHeaderSize + local_name + local_extra;
    if (data > file.size() || size > file.size() - data)
      fail(entry_where, "data (" + std::to_string(size) + " bytes at offset " + std::to_string(data) +
                            ") runs past the end of the file (" + std::to_string(file.size()) + " bytes; truncated?)");
    entries_.push_back({std::move(name), {file.data() + data, static_cast<std::size_t>(size)}, crc});
    at += record;
  }
  std::sort(entries_.begin(), entries_.end(), [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
  for (std::size_t i = 1; i < entries_.size(); ++i)
    if (entries_[i].name == entries_[i - 1].name) fail(where_ + ": entry '" + entries_[i].name + "'", "appears twice");
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const ZipEntry& e, std::string_view n) { return e.name < n; });
  return (it != entries_.end() && it->name == name) ? &*it : nullptr;
}

void ZipArchive::verify(const ZipEntry& entry) const {
  if (crc32(entry.data) != entry.crc32) fail(where_ + ": entry '" + entry.name + "'", "CRC-32 mismatch (file corrupt)");
}

}  // namespace dt
