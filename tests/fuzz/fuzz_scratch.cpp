// Per-process scratch directory and multi-part inputs for the fuzz targets (see fuzz_scratch.h).
#include "fuzz_scratch.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace dt::fuzz {
namespace {

class ScratchRoot {
 public:
  ScratchRoot() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dt-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchRoot(const ScratchRoot&) = delete;
  ScratchRoot& operator=(const ScratchRoot&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

std::vector<std::string_view> split_parts(Input input) {
  std::vector<std::string_view> parts;
  std::string_view rest = as_text(input);
  for (auto at = rest.find(kPartSeparator); at != std::string_view::npos; at = rest.find(kPartSeparator)) {
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kPartSeparator.size());
  }
  parts.push_back(rest);
  return parts;
}

std::filesystem::path scratch_dir(const std::string& name) {
  static const ScratchRoot root;
  const auto dir = root.path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace dt::fuzz
