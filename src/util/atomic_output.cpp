// AtomicOutput: temp file + fsync + rename + directory fsync.
#include "dt/util/atomic_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "dt/util/error.h"

namespace dt {
namespace {

constexpr const char* kTempMarker = ".tmp.";

void fsync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;  // best effort: a directory fsync is not possible on every file system
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicOutput::AtomicOutput(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
  static std::atomic<unsigned> counter{0};
  temp_path_ = final_path_;
  temp_path_ += std::string(kTempMarker) + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const auto parent = final_path_.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) fail(parent.string(), "cannot create directory: " + ec.message());
  }
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temp_path_, ignored);
  }
}

void AtomicOutput::commit() {
  fsync_path(temp_path_, O_RDONLY);
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    fail(final_path_.string(), std::string("cannot rename temporary file into place: ") + std::strerror(errno));
  }
  committed_ = true;
  const auto parent = final_path_.parent_path();
  fsync_path(parent.empty() ? std::filesystem::path(".") : parent, O_RDONLY | O_DIRECTORY);
}

void write_file_atomically(const std::filesystem::path& path, const std::string& contents) {
  AtomicOutput out(path);
  {
    std::ofstream stream(out.temp_path(), std::ios::binary | std::ios::trunc);
    if (!stream) fail(path.string(), std::string("cannot open for writing: ") + std::strerror(errno));
    stream.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    stream.flush();
    if (!stream) fail(path.string(), "write failed");
  }
  out.commit();
}

bool is_temporary_output_name(const std::string& filename) {
  return filename.find(kTempMarker) != std::string::npos;
}

}  // namespace dt
