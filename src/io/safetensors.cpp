// Safetensors reader and writer. Format: u64 little-endian header length N, N bytes of JSON
// {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}, then the data section;
// offsets are relative to the start of the data section.
#include "dt/io/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {
namespace {

static_assert(std::endian::native == std::endian::little, "dt reads little-endian tensor data in place");

constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;  // the limit the reference implementation uses

struct DTypeRow {
  StDType dtype;
  std::string_view name;
  std::size_t size;
};
constexpr DTypeRow kDTypes[] = {
    {StDType::F64, "F64", 8}, {StDType::F32, "F32", 4},   {StDType::F16, "F16", 2}, {StDType::BF16, "BF16", 2},
    {StDType::I64, "I64", 8}, {StDType::I32, "I32", 4},   {StDType::I16, "I16", 2}, {StDType::I8, "I8", 1},
    {StDType::U8, "U8", 1},   {StDType::BOOL, "BOOL", 1},
};

const DTypeRow& row_of(StDType dtype) {
  for (const auto& row : kDTypes)
    if (row.dtype == dtype) return row;
  throw Error("internal: unknown safetensors dtype");
}

std::uint64_t checked_u64(const nlohmann::json& value, const std::string& where, const char* what) {
  const bool negative = value.is_number_integer() && !value.is_number_unsigned() && value.get<std::int64_t>() < 0;
  if (!value.is_number_integer() || negative) fail(where, std::string(what) + " must be a non-negative integer");
  return value.get<std::uint64_t>();
}

// The u64 header length at the start of the file, checked to lie within the file and to be at most kMaxHeaderBytes.
std::uint64_t read_header_length(std::span<const std::byte> bytes, const std::string& file) {
  if (bytes.size() < 8)
    fail(file, "truncated safetensors file: " + std::to_string(bytes.size()) +
                   " bytes, shorter than the 8-byte header length");
  std::uint64_t header_len = 0;
  std::memcpy(&header_len, bytes.data(), 8);
  if (header_len > bytes.size() - 8)
    fail(file, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                   std::to_string(bytes.size()) + " bytes)");
  if (header_len > kMaxHeaderBytes) fail(file, "header length " + std::to_string(header_len) + " exceeds 100 MiB");
  return header_len;
}

// The JSON header after the length; `header_len` has been checked by read_header_length.
nlohmann::json parse_header(std::span<const std::byte> bytes, std::uint64_t header_len, const std::string& file) {
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(reinterpret_cast<const char*>(bytes.data() + 8),
                                   reinterpret_cast<const char*>(bytes.data() + 8 + header_len));
  } catch (const nlohmann::json::exception& e) {
    fail(file, std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) fail(file, "header is not a JSON object");
  return header;
}

void read_metadata(const nlohmann::json& entry, const std::string& file, std::map<std::string, std::string>& metadata) {
  if (!entry.is_object()) fail(file, "__metadata__ is not a JSON object");
  for (const auto& [key, value] : entry.items()) {
    if (!value.is_string()) fail(file, "__metadata__ value of '" + key + "' is not a string");
    metadata[key] = value.get<std::string>();
  }
}

StDType read_dtype(const nlohmann::json& entry, const std::string& where) {
  if (!entry.contains("dtype") || !entry["dtype"].is_string()) fail(where, "missing or non-string dtype");
  StDType dtype;
  const auto dtype_str = entry["dtype"].get<std::string>();
  if (!parse_dtype(dtype_str, dtype)) fail(where, "unknown dtype '" + dtype_str + "'");
  return dtype;
}

struct TensorShape {
  std::vector<std::int64_t> dims;
  std::uint64_t byte_size;  // numel times the dtype's element size
};

// The entry's shape: non-negative dimensions that fit in int64, and a byte size in `dtype` that does not overflow.
TensorShape read_shape(const nlohmann::json& entry, StDType dtype, const std::string& where) {
  if (!entry.contains("shape") || !entry["shape"].is_array()) fail(where, "missing or non-array shape");
  std::vector<std::int64_t> shape;
  std::uint64_t numel = 1;
  bool overflow = false;
  for (const auto& dim : entry["shape"]) {
    const auto d = checked_u64(dim, where, "every shape dimension");
    if (d > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      fail(where, "shape dimension too large");
    shape.push_back(static_cast<std::int64_t>(d));
    if (d != 0 && numel > std::numeric_limits<std::uint64_t>::max() / d) overflow = true;
    numel *= d;
  }
  const std::uint64_t elem = row_of(dtype).size;
  if (overflow || (numel != 0 && numel > std::numeric_limits<std::uint64_t>::max() / elem))
    fail(where, "shape's byte size overflows");
  return {std::move(shape), numel * elem};
}

struct DataOffsets {
  std::uint64_t begin, end;
};

// The entry's data_offsets: begin <= end <= data_size, spanning exactly `byte_size` bytes.
DataOffsets read_data_offsets(const nlohmann::json& entry, const std::string& where, std::uint64_t data_size,
                              std::uint64_t byte_size) {
  if (!entry.contains("data_offsets") || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
    fail(where, "data_offsets must be an array [begin, end]");
  const auto begin = checked_u64(entry["data_offsets"][0], where, "data_offsets begin");
  const auto end = checked_u64(entry["data_offsets"][1], where, "data_offsets end");
  if (begin > end) fail(where, "data_offsets begin " + std::to_string(begin) + " is after end " + std::to_string(end));
  if (end > data_size)
    fail(where, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                    "] lie outside the data section (" + std::to_string(data_size) + " bytes; file truncated?)");
  if (end - begin != byte_size)
    fail(where, "shape and dtype need " + std::to_string(byte_size) + " bytes but data_offsets span " +
                    std::to_string(end - begin));
  return {begin, end};
}

// Where a tensor's bytes lie in the data section; index: its position in the tensors before they are sorted by name.
struct Span {
  std::uint64_t begin, end;
  std::size_t index;
};

// Validates one tensor entry of the header and appends it to `tensors` and its bytes' place to `spans`.
void add_tensor(const std::string& name, const nlohmann::json& entry, const std::string& file, const std::byte* data,
                std::uint64_t data_size, std::vector<StTensor>& tensors, std::vector<Span>& spans) {
  const std::string where = file + ": tensor '" + name + "'";
  if (name.empty()) fail(file, "tensor with an empty name");
  if (!entry.is_object()) fail(where, "entry is not a JSON object");
  const auto dtype = read_dtype(entry, where);
  auto shape = read_shape(entry, dtype, where);
  const auto offsets = read_data_offsets(entry, where, data_size, shape.byte_size);
  spans.push_back({offsets.begin, offsets.end, tensors.size()});
  const std::span<const std::byte> tensor_bytes{data + offsets.begin,
                                                static_cast<std::size_t>(offsets.end - offsets.begin)};
  tensors.push_back({name, dtype, std::move(shape.dims), tensor_bytes});
}

// Sorts `spans` by offset, then fails on the first tensor whose (non-empty) bytes overlap those of the one before.
void check_no_overlaps(std::vector<Span>& spans, const std::vector<StTensor>& tensors, const std::string& file) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  for (std::size_t i = 1; i < spans.size(); ++i) {
    const auto& prev = spans[i - 1];
    const auto& cur = spans[i];
    // Empty tensors occupy no bytes and cannot overlap anything.
    if (cur.begin < prev.end && cur.begin != cur.end && prev.begin != prev.end)
      fail(file + ": tensor '" + tensors[cur.index].name + "'",
           "data overlaps tensor '" + tensors[prev.index].name + "'");
  }
}

}  // namespace

std::size_t element_size(StDType dtype) { return row_of(dtype).size; }
std::string_view dtype_name(StDType dtype) { return row_of(dtype).name; }

bool parse_dtype(std::string_view name, StDType& out) {
  for (const auto& row : kDTypes) {
    if (row.name == name) {
      out = row.dtype;
      return true;
    }
  }
  return false;
}

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : file_(path) {
  const std::string file = path.string();
  const auto bytes = file_.bytes();
  const std::uint64_t header_len = read_header_length(bytes, file);
  const std::uint64_t data_size = bytes.size() - 8 - header_len;
  const auto* data = bytes.data() + 8 + header_len;
  const nlohmann::json header = parse_header(bytes, header_len, file);
  std::vector<Span> spans;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      read_metadata(entry, file, metadata_);
      continue;
    }
    add_tensor(name, entry, file, data, data_size, tensors_, spans);
  }
  check_no_overlaps(spans, tensors_, file);
  std::sort(tensors_.begin(), tensors_.end(), [](const StTensor& a, const StTensor& b) { return a.name < b.name; });
}

const StTensor* SafetensorsFile::find(std::string_view name) const {
  auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                             [](const StTensor& t, std::string_view n) { return t.name < n; });
  return (it != tensors_.end() && it->name == name) ? &*it : nullptr;
}

void write_safetensors(const std::filesystem::path& path, std::vector<StTensorToWrite> tensors,
                       const std::map<std::string, std::string>& metadata) {
  std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& t : tensors) {
    std::uint64_t numel = 1;
    for (auto d : t.shape) numel *= static_cast<std::uint64_t>(d);
    if (numel * element_size(t.dtype) != t.bytes.size())
      fail(path.string() + ": tensor '" + t.name + "'", "byte size does not match shape");
    header[t.name] = {
        {"dtype", dtype_name(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // align the data section to 8 bytes, as the reference writer does
  std::string out;
  out.reserve(8 + text.size() + offset);
  const std::uint64_t n = text.size();
  out.append(reinterpret_cast<const char*>(&n), 8);
  out += text;
  for (const auto& t : tensors) out.append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
  write_file_atomically(path, out);
}

}  // namespace dt
