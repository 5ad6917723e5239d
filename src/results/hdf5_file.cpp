// Hdf5File over the HDF5 C API. Error printing of the library is silenced; failures become dt::Error.
#include "dt/results/hdf5_file.h"

#include <hdf5.h>

#include <algorithm>
#include <atomic>
#include <string_view>
#include <utility>

#include "dt/util/error.h"

namespace dt {
namespace {

// Closes an HDF5 identifier with the right function when it leaves scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void silence_hdf5() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

std::vector<hsize_t> to_hsize(const std::vector<std::int64_t>& dims) {
  std::vector<hsize_t> out;
  for (auto d : dims) out.push_back(static_cast<hsize_t>(d));
  return out;
}

hid_t utf8_string_type() {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  return type;
}

// The system's reason behind the innermost failure on HDF5's error stack: its file drivers report a failed system
// call as "... errno = 28, error message = 'No space left on device', ...". Empty when there is none.
std::string hdf5_error_reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned, const H5E_error2_t* entry, void* out) -> herr_t {
        const std::string_view text = entry->desc != nullptr ? entry->desc : "";
        constexpr std::string_view marker = "error message = '";
        const auto at = text.find(marker);
        if (at != std::string_view::npos) {
          const auto from = at + marker.size();
          *static_cast<std::string*>(out) = std::string(text.substr(from, text.find('\'', from) - from));
        }
        return 0;
      },
      &reason);
  return reason.empty() ? reason : ": " + reason;
}

}  // namespace

Hdf5File Hdf5File::create(const std::filesystem::path& path, const std::filesystem::path& shown_as,
                          std::size_t user_block_bytes) {
  silence_hdf5();
  const auto& named = shown_as.empty() ? path : shown_as;
  Handle props(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (!props.ok() || H5Pset_userblock(props.get(), user_block_bytes) < 0)
    fail(named.string(), "invalid HDF5 user block size " + std::to_string(user_block_bytes));
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, props.get(), H5P_DEFAULT);
  if (id < 0) fail(named.string(), "cannot create HDF5 file" + hdf5_error_reason());
  return Hdf5File(named, id);
}

Hdf5File Hdf5File::create_in_memory(const std::filesystem::path& shown_as, std::size_t user_block_bytes) {
  silence_hdf5();
  Handle create_props(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (!create_props.ok() || H5Pset_userblock(create_props.get(), user_block_bytes) < 0)
    fail(shown_as.string(), "invalid HDF5 user block size " + std::to_string(user_block_bytes));
  Handle access_props(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!access_props.ok() || H5Pset_fapl_core(access_props.get(), 1 << 20, 0) < 0)
    fail(shown_as.string(), "cannot set up an in-memory HDF5 file");
  // The core driver without a backing store never opens this name; it only has to be unique in the process.
  static std::atomic<unsigned> counter{0};
  const auto name = "dt-in-memory-" + std::to_string(counter++) + ".h5";
  const hid_t id = H5Fcreate(name.c_str(), H5F_ACC_EXCL, create_props.get(), access_props.get());
  if (id < 0) fail(shown_as.string(), "cannot create an in-memory HDF5 file" + hdf5_error_reason());
  return Hdf5File(shown_as, id);
}

void Hdf5File::close() {
  const auto id = static_cast<hid_t>(std::exchange(id_, -1));
  if (id < 0) return;
  if (H5Fclose(id) < 0) fail(path_.string(), "cannot close HDF5 file" + hdf5_error_reason());
}

std::string Hdf5File::image() {
  const auto id = static_cast<hid_t>(id_);
  // HDF5 returns the image from the superblock on, without the user block: put it back in front, as zeros.
  hsize_t user_block = 0;
  {
    Handle props(H5Fget_create_plist(id), H5Pclose);
    if (!props.ok() || H5Pget_userblock(props.get(), &user_block) < 0)
      fail(path_.string(), "cannot read the user block size of an in-memory HDF5 file");
  }
  if (H5Fflush(id, H5F_SCOPE_LOCAL) < 0) fail(path_.string(), "cannot flush HDF5 file" + hdf5_error_reason());
  const auto size = H5Fget_file_image(id, nullptr, 0);
  if (size < 0) fail(path_.string(), "cannot take the image of an in-memory HDF5 file");
  std::string bytes(static_cast<std::size_t>(user_block) + static_cast<std::size_t>(size), '\0');
  if (H5Fget_file_image(id, bytes.data() + user_block, static_cast<std::size_t>(size)) != size)
    fail(path_.string(), "cannot copy the image of an in-memory HDF5 file");
  return bytes;
}

Hdf5File Hdf5File::open_read_write(const std::filesystem::path& path, const std::filesystem::path& shown_as) {
  silence_hdf5();
  const auto& named = shown_as.empty() ? path : shown_as;
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (id < 0) fail(named.string(), "not a writable HDF5 file");
  return Hdf5File(named, id);
}

Hdf5File Hdf5File::open_read(const std::filesystem::path& path) {
  silence_hdf5();
  if (!std::filesystem::is_regular_file(path)) fail(path.string(), "file not found");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) fail(path.string(), "not a readable HDF5 file");
  return Hdf5File(path, id);
}

Hdf5File::~Hdf5File() {
  if (id_ >= 0) H5Fclose(static_cast<hid_t>(id_));
}

Hdf5File::Hdf5File(Hdf5File&& other) noexcept : path_(std::move(other.path_)), id_(std::exchange(other.id_, -1)) {}

void Hdf5File::create_group(const std::string& path) {
  Handle g(H5Gcreate2(static_cast<hid_t>(id_), path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  if (!g.ok()) fail(path_.string(), "cannot create group " + path);
}

bool Hdf5File::exists(const std::string& path) const {
  return H5Lexists(static_cast<hid_t>(id_), path.c_str(), H5P_DEFAULT) > 0;
}

namespace {

template <typename T>
void write_dataset(hid_t file, const std::filesystem::path& where, const std::string& path,
                   const std::vector<std::int64_t>& dims, const std::vector<T>& values, hid_t mem_type,
                   hid_t file_type) {
  std::size_t count = 1;
  for (auto d : dims) count *= static_cast<std::size_t>(d);
  if (count != values.size())
    fail(where.string(),
         "internal: dataset " + path + " has " + std::to_string(values.size()) + " values for its shape");
  const auto h = to_hsize(dims);
  Handle space(H5Screate_simple(static_cast<int>(h.size()), h.data(), nullptr), H5Sclose);
  Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (count * sizeof(T) > 4096 && !dims.empty()) {
    auto chunk = h;
    for (auto& c : chunk) c = std::max<hsize_t>(1, c);
    H5Pset_chunk(props.get(), static_cast<int>(chunk.size()), chunk.data());
    H5Pset_deflate(props.get(), 4);
  }
  Handle set(H5Dcreate2(file, path.c_str(), file_type, space.get(), H5P_DEFAULT, props.get(), H5P_DEFAULT), H5Dclose);
  if (!set.ok()) fail(where.string(), "cannot create dataset " + path);
  if (count > 0 && H5Dwrite(set.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(where.string(), "cannot write dataset " + path);
}

template <typename T>
Hdf5Array<T> read_dataset(hid_t file, const std::filesystem::path& where, const std::string& path, hid_t mem_type) {
  Handle set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!set.ok()) fail(where.string(), "missing dataset " + path);
  Handle space(H5Dget_space(set.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(where.string(), "unreadable dataset " + path);
  std::vector<hsize_t> h(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), h.data(), nullptr);
  Hdf5Array<T> out;
  // The declared shape is only as trustworthy as the file: every element dt writes is stored, at least one byte
  // each, and deflate expands by at most 1032:1, so a larger count is damage, refused before allocating for it.
  std::error_code size_error;
  const auto file_bytes = std::filesystem::file_size(where, size_error);
  const std::uint64_t limit = size_error ? 0 : static_cast<std::uint64_t>(file_bytes) * 1032;
  std::uint64_t count = 1;
  for (auto d : h) {
    out.dims.push_back(static_cast<std::int64_t>(d));
    if (d != 0 && count > limit / d)
      fail(where.string(), "dataset " + path + " declares more elements than the file holds");
    count *= d;
  }
  out.values.resize(static_cast<std::size_t>(count));
  if (count > 0 && H5Dread(set.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()) < 0)
    fail(where.string(), "cannot read dataset " + path);
  return out;
}

Handle open_object(hid_t file, const std::filesystem::path& where, const std::string& object) {
  Handle obj(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.ok()) fail(where.string(), "missing object " + object);
  return obj;
}

// `count` elements at `data` (an empty array attribute is created with nothing to write).
void write_attribute(hid_t file, const std::filesystem::path& where, const std::string& object, const std::string& name,
                     hid_t type, hid_t space, const void* data, std::size_t count = 1) {
  Handle obj = open_object(file, where, object);
  Handle attr(H5Acreate2(obj.get(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.ok() || (count > 0 && H5Awrite(attr.get(), type, data) < 0))
    fail(where.string(), "cannot write attribute " + object + "@" + name);
}

}  // namespace

void Hdf5File::write(const std::string& path, const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
  write_dataset(static_cast<hid_t>(id_), path_, path, dims, values, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE);
}
void Hdf5File::write(const std::string& path, const std::vector<std::int64_t>& dims,
                     const std::vector<double>& values) {
  write_dataset(static_cast<hid_t>(id_), path_, path, dims, values, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE);
}
void Hdf5File::write(const std::string& path, const std::vector<std::int64_t>& dims,
                     const std::vector<std::int64_t>& values) {
  write_dataset(static_cast<hid_t>(id_), path_, path, dims, values, H5T_NATIVE_INT64, H5T_STD_I64LE);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, const std::string& value) {
  Handle type(utf8_string_type(), H5Tclose);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  const char* data = value.c_str();
  write_attribute(static_cast<hid_t>(id_), path_, object, name, type.get(), space.get(), &data);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, std::int64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  write_attribute(static_cast<hid_t>(id_), path_, object, name, H5T_NATIVE_INT64, space.get(), &value);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name, double value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  write_attribute(static_cast<hid_t>(id_), path_, object, name, H5T_NATIVE_DOUBLE, space.get(), &value);
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name,
                             const std::vector<std::int64_t>& values) {
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  write_attribute(static_cast<hid_t>(id_), path_, object, name, H5T_NATIVE_INT64, space.get(), values.data(),
                  values.size());
}

void Hdf5File::set_attribute(const std::string& object, const std::string& name,
                             const std::vector<std::string>& values) {
  Handle type(utf8_string_type(), H5Tclose);
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  std::vector<const char*> data;
  for (const auto& v : values) data.push_back(v.c_str());
  write_attribute(static_cast<hid_t>(id_), path_, object, name, type.get(), space.get(), data.data(), data.size());
}

Hdf5Array<double> Hdf5File::read_double(const std::string& path) const {
  return read_dataset<double>(static_cast<hid_t>(id_), path_, path, H5T_NATIVE_DOUBLE);
}

Hdf5Array<std::int64_t> Hdf5File::read_int(const std::string& path) const {
  return read_dataset<std::int64_t>(static_cast<hid_t>(id_), path_, path, H5T_NATIVE_INT64);
}

Hdf5RawDataset Hdf5File::read_raw(const std::string& path) const {
  Handle set(H5Dopen2(static_cast<hid_t>(id_), path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!set.ok()) fail(path_.string(), "missing dataset " + path);
  Handle type(H5Dget_type(set.get()), H5Tclose);
  Handle space(H5Dget_space(set.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  const std::size_t size = type.ok() ? H5Tget_size(type.get()) : 0;
  if (rank < 0 || size == 0) fail(path_.string(), "unreadable dataset " + path);
  std::vector<hsize_t> h(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), h.data(), nullptr);
  Hdf5RawDataset out;
  std::size_t count = 1;
  for (auto d : h) {
    out.dims.push_back(static_cast<std::int64_t>(d));
    count *= d;
  }
  out.type = std::to_string(static_cast<int>(H5Tget_class(type.get()))) + ":" + std::to_string(size) + ":" +
             std::to_string(static_cast<int>(H5Tget_order(type.get())));
  out.bytes.resize(count * size);
  if (count > 0 && H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.bytes.data()) < 0)
    fail(path_.string(), "cannot read dataset " + path);
  return out;
}

namespace {

// Appends the datasets under `group` (named `prefix`), recursing into subgroups; links are visited by name.
void collect_datasets(hid_t group, const std::string& prefix, const std::filesystem::path& where,
                      std::vector<std::string>& out) {
  H5G_info_t info;
  if (H5Gget_info(group, &info) < 0) fail(where.string(), "cannot list group " + (prefix.empty() ? "/" : prefix));
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const auto length = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) fail(where.string(), "cannot list group " + (prefix.empty() ? "/" : prefix));
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(length));
    const auto full = prefix + "/" + name;
    Handle object(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
    if (!object.ok()) fail(where.string(), "cannot open " + full);
    const auto type = H5Iget_type(object.get());
    if (type == H5I_DATASET) out.push_back(full);
    if (type == H5I_GROUP) collect_datasets(object.get(), full, where, out);
  }
}

}  // namespace

std::vector<std::string> Hdf5File::dataset_names() const {
  std::vector<std::string> names;
  collect_datasets(static_cast<hid_t>(id_), "", path_, names);
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

// Opens attribute object@name, or returns an invalid handle when it does not exist.
Handle open_attribute(hid_t file, const std::filesystem::path& where, const std::string& object,
                      const std::string& name) {
  Handle obj = open_object(file, where, object);
  if (H5Aexists(obj.get(), name.c_str()) <= 0) return Handle(-1, H5Aclose);
  return Handle(H5Aopen(obj.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
}

std::size_t attribute_length(hid_t attr) {
  Handle space(H5Aget_space(attr), H5Sclose);
  const auto n = H5Sget_simple_extent_npoints(space.get());
  return n < 0 ? 0 : static_cast<std::size_t>(n);
}

}  // namespace

std::optional<std::string> Hdf5File::string_attribute(const std::string& object, const std::string& name) const {
  auto values = string_array_attribute(object, name);
  if (values.empty()) return std::nullopt;
  return values.front();
}

std::vector<std::string> Hdf5File::string_array_attribute(const std::string& object, const std::string& name) const {
  Handle attr = open_attribute(static_cast<hid_t>(id_), path_, object, name);
  std::vector<std::string> out;
  if (!attr.ok()) return out;
  Handle type(utf8_string_type(), H5Tclose);
  const auto n = attribute_length(attr.get());
  std::vector<char*> data(n, nullptr);
  if (n == 0) return out;
  if (H5Aread(attr.get(), type.get(), data.data()) < 0)
    fail(path_.string(), "cannot read attribute " + object + "@" + name);
  for (auto* s : data) out.emplace_back(s == nullptr ? "" : s);
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, data.data());
  return out;
}

std::optional<std::int64_t> Hdf5File::int_attribute(const std::string& object, const std::string& name) const {
  auto values = int_array_attribute(object, name);
  if (values.empty()) return std::nullopt;
  return values.front();
}

std::optional<double> Hdf5File::double_attribute(const std::string& object, const std::string& name) const {
  Handle attr = open_attribute(static_cast<hid_t>(id_), path_, object, name);
  if (!attr.ok() || attribute_length(attr.get()) != 1) return std::nullopt;
  double value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0)
    fail(path_.string(), "cannot read attribute " + object + "@" + name);
  return value;
}

std::vector<std::int64_t> Hdf5File::int_array_attribute(const std::string& object, const std::string& name) const {
  Handle attr = open_attribute(static_cast<hid_t>(id_), path_, object, name);
  std::vector<std::int64_t> out;
  if (!attr.ok()) return out;
  out.resize(attribute_length(attr.get()));
  if (!out.empty() && H5Aread(attr.get(), H5T_NATIVE_INT64, out.data()) < 0)
    fail(path_.string(), "cannot read attribute " + object + "@" + name);
  return out;
}

bool Hdf5File::has_attribute(const std::string& object, const std::string& name) const {
  return open_attribute(static_cast<hid_t>(id_), path_, object, name).ok();
}

std::string hdf5_library_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

}  // namespace dt
