// Test helpers: a self-deleting temporary directory, file writing, and access to ../shared (the read-only golden
// fixtures and datasets). Tests that need ../shared skip with a clear message when it is absent, and fail instead
// when CI=true.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace dt::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dt-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// DT_SHARED_DIR from the environment, else the directory CMake was configured with.
inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("DT_SHARED_DIR")) return env;
  return DT_TEST_SHARED_DIR;
}

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

inline std::filesystem::path build_bin_dir() { return DT_TEST_BIN_DIR; }

}  // namespace dt::test

// Skips the test when ../shared/<relative> is absent (fails under CI=true); otherwise yields its path.
#define DT_REQUIRE_SHARED(var, relative)                                                              \
  const std::filesystem::path var = ::dt::test::shared_dir() / (relative);                            \
  if (!std::filesystem::exists(var)) {                                                                \
    if (::dt::test::running_in_ci()) FAIL() << "CI=true but the shared material is missing: " << var; \
    GTEST_SKIP() << "shared material not found at " << var << " (set DT_SHARED_DIR); skipping";       \
  }
