// Hdf5File: a thin RAII layer over HDF5's C API with the few operations dt's result files need: groups, numeric
// datasets of any rank, and attributes (numbers, number arrays, UTF-8 strings, string arrays). Every failure is a
// dt::Error naming the file and the object. Only the results code includes this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dt {

template <typename T>
struct Hdf5Array {
  std::vector<std::int64_t> dims;
  std::vector<T> values;  // row-major
};

// A dataset's elements exactly as stored, for checksums: the element type's class, size and byte order, and the
// bytes in the file's own layout (no conversion).
struct Hdf5RawDataset {
  std::vector<std::int64_t> dims;
  std::string type;  // "<class>:<size>:<order>", HDF5's numbers
  std::string bytes;
};

class Hdf5File {
 public:
  // Truncates. Errors name `shown_as` when given: the final name of a file written under a temporary one.
  // `user_block_bytes` (0, or a power of two >= 512) are left free at the start of the file for the caller.
  static Hdf5File create(const std::filesystem::path& path, const std::filesystem::path& shown_as = {},
                         std::size_t user_block_bytes = 0);
  // The file is built in memory (HDF5's core driver, nothing touches the disk); image() returns its bytes, to be
  // sealed and written by the caller with checked writes. Errors name `shown_as`.
  static Hdf5File create_in_memory(const std::filesystem::path& shown_as, std::size_t user_block_bytes = 0);
  static Hdf5File open_read(const std::filesystem::path& path);
  // Read-write on an existing file; errors name `shown_as` when given.
  static Hdf5File open_read_write(const std::filesystem::path& path, const std::filesystem::path& shown_as = {});
  ~Hdf5File();
  Hdf5File(Hdf5File&& other) noexcept;
  Hdf5File& operator=(Hdf5File&&) = delete;
  Hdf5File(const Hdf5File&) = delete;
  Hdf5File& operator=(const Hdf5File&) = delete;

  // Flushes and closes, throwing dt::Error (with the system's reason where HDF5 gives one) when that fails; the
  // destructor closes too, but cannot report.
  void close();
  // The bytes of a file made by create_in_memory, its user block (zeros) included; flushes first.
  std::string image();

  void create_group(const std::string& path);
  bool exists(const std::string& path) const;

  // Datasets (gzip-compressed when larger than a few KiB). `dims` product must equal values.size().
  void write(const std::string& path, const std::vector<std::int64_t>& dims, const std::vector<float>& values);
  void write(const std::string& path, const std::vector<std::int64_t>& dims, const std::vector<double>& values);
  void write(const std::string& path, const std::vector<std::int64_t>& dims, const std::vector<std::int64_t>& values);

  // Attributes on the object at `object` ("/" for the file).
  void set_attribute(const std::string& object, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value);
  void set_attribute(const std::string& object, const std::string& name, double value);
  void set_attribute(const std::string& object, const std::string& name, const std::vector<std::int64_t>& values);
  void set_attribute(const std::string& object, const std::string& name, const std::vector<std::string>& values);

  Hdf5Array<double> read_double(const std::string& path) const;  // any numeric dataset, converted
  Hdf5Array<std::int64_t> read_int(const std::string& path) const;
  Hdf5RawDataset read_raw(const std::string& path) const;
  // Every dataset in the file ("/a/b"), sorted.
  std::vector<std::string> dataset_names() const;
  std::optional<std::string> string_attribute(const std::string& object, const std::string& name) const;
  std::optional<std::int64_t> int_attribute(const std::string& object, const std::string& name) const;
  std::optional<double> double_attribute(const std::string& object, const std::string& name) const;
  std::vector<std::int64_t> int_array_attribute(const std::string& object, const std::string& name) const;
  bool has_attribute(const std::string& object, const std::string& name) const;
  std::vector<std::string> string_array_attribute(const std::string& object, const std::string& name) const;

  const std::filesystem::path& path() const { return path_; }  // the path errors name

 private:
  Hdf5File(std::filesystem::path path, std::int64_t id) : path_(std::move(path)), id_(id) {}
  std::filesystem::path path_;
  std::int64_t id_ = -1;
};

std::string hdf5_library_version();

}  // namespace dt
