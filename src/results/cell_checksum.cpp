// cell_checksum: every dataset as stored, then the covered attributes, each length-prefixed so that no two
// different files hash the same byte stream.
#include "dt/results/cell_checksum.h"

#include <cstdint>
#include <string_view>
#include <vector>

#include "dt/util/error.h"
#include "dt/util/sha256.h"

namespace dt {
namespace {

// OptionalText, OptionalInts: hashed (name and value) only when present, so that files written before the attribute
// existed keep their checksums, while removing it from a file that has it still changes the checksum.
enum class Kind { Text, Int, Real, Ints, Texts, OptionalText, OptionalInts };

struct Covered {
  const char* name;
  Kind kind;
};

// Every attribute write_cell_file writes (the checksum itself aside). A missing one is damage.
constexpr Covered kCovered[] = {
    {"format", Kind::Text},
    {"key", Kind::Text},
    {"config", Kind::Text},
    {"task", Kind::Text},
    {"model", Kind::Text},
    {"seed", Kind::Int},
    {"k", Kind::Int},
    {"steps", Kind::Int},
    {"optimizer", Kind::Text},
    {"dtype", Kind::Text},
    {"demo_pool_indices", Kind::Ints},
    {"eval_sample_indices", Kind::Ints},
    {"eval_rows_total", Kind::Int},
    {"pool_rows_total", Kind::Int},
    {"demonstration", Kind::Text},
    {"demo_tokens", Kind::Int},
    {"query_tokens", Kind::Int},
    {"prompt_prefix_mismatches", Kind::Int},
    {"label_words", Kind::Texts},
    {"dt_version", Kind::Text},
    {"git_revision", Kind::Text},
    {"torch_version", Kind::Text},
    {"hdf5_version", Kind::Text},
    {"created_utc", Kind::Text},
    {"think_seconds", Kind::Real},
    {"score_seconds", Kind::Real},
    {"stop_rules", Kind::OptionalText},
    {"stopped", Kind::OptionalText},
    {"demonstrations", Kind::OptionalText},
    {"demo_answers", Kind::OptionalInts},
    {"demo_gold_answers", Kind::OptionalInts},
    {"execution", Kind::OptionalText},
};

class Stream {
 public:
  void size(std::uint64_t n) { hash_.update(&n, sizeof n); }
  void text(std::string_view s) {
    size(s.size());
    hash_.update(s);
  }
  void bytes(const void* data, std::size_t n) {
    size(n);
    hash_.update(data, n);
  }
  std::string hex() { return hash_.hex(); }

 private:
  Sha256 hash_;
};

}  // namespace

std::string cell_checksum(const Hdf5File& h5) {
  Stream s;
  const auto names = h5.dataset_names();
  s.size(names.size());
  for (const auto& name : names) {
    const auto data = h5.read_raw(name);
    s.text(name);
    s.text(data.type);
    s.size(data.dims.size());
    for (auto d : data.dims) s.size(static_cast<std::uint64_t>(d));
    s.text(data.bytes);
  }
  auto damaged = [&](const char* name) { fail(h5.path().string(), std::string("attribute ") + name + " is missing"); };
  for (const auto& attribute : kCovered) {
    if (attribute.kind == Kind::OptionalText) {
      if (const auto value = h5.string_attribute("/", attribute.name)) {
        s.text(attribute.name);
        s.text(*value);
      }
      continue;
    }
    if (attribute.kind == Kind::OptionalInts) {
      if (h5.has_attribute("/", attribute.name)) {
        const auto values = h5.int_array_attribute("/", attribute.name);
        s.text(attribute.name);
        s.bytes(values.data(), values.size() * sizeof(std::int64_t));
      }
      continue;
    }
    s.text(attribute.name);
    switch (attribute.kind) {
      case Kind::OptionalText:
      case Kind::OptionalInts: break;
      case Kind::Text:
      case Kind::Texts: {
        const auto values = h5.string_array_attribute("/", attribute.name);
        if (values.empty() && attribute.kind == Kind::Text) damaged(attribute.name);
        s.size(values.size());
        for (const auto& v : values) s.text(v);
        break;
      }
      case Kind::Int:
      case Kind::Ints: {
        const auto values = h5.int_array_attribute("/", attribute.name);
        if (values.empty() && attribute.kind == Kind::Int) damaged(attribute.name);
        s.bytes(values.data(), values.size() * sizeof(std::int64_t));
        break;
      }
      case Kind::Real: {
        const auto value = h5.double_attribute("/", attribute.name);
        if (!value) damaged(attribute.name);
        s.bytes(&*value, sizeof(double));
        break;
      }
    }
  }
  return "sha256:" + s.hex();
}

}  // namespace dt
