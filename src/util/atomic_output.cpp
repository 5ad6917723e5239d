// AtomicOutput: temp file + checked writes + fsync + rename + directory fsync.
#include "dt/util/atomic_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace dt {
namespace {

constexpr const char* kTempMarker = ".tmp.";

// fsync of a file that was written: its failure (a delayed write error, NFS, a quota) is the write's failure.
void fsync_file(const std::filesystem::path& path, const std::filesystem::path& shown_as) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail_output(shown_as.string(), "cannot reopen the temporary file to sync it", errno);
  const int synced = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  if (synced != 0 && error_number != EINVAL) fail_output(shown_as.string(), "cannot sync to disk", error_number);
}

// Best effort: a directory fsync is not possible on every file system.
void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void fail_output(const std::string& where, const std::string& what, int error_number) {
  throw OutputError(where + ": " + what + ": " + std::strerror(error_number));
}

AtomicOutput::AtomicOutput(std::filesystem::path final_path) : final_path_(std::move(final_path)) {
  static std::atomic<unsigned> counter{0};
  temp_path_ = final_path_;
  temp_path_ += std::string(kTempMarker) + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const auto parent = final_path_.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) fail_output(parent.string(), "cannot create directory", ec.value());
  }
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temp_path_, ignored);
  }
}

void AtomicOutput::write(std::string_view bytes) {
  const int fd = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail_output(final_path_.string(), "cannot open for writing", errno);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error_number = n < 0 ? errno : EIO;
      ::close(fd);
      fail_output(final_path_.string(),
                  "write failed after " + std::to_string(written) + " of " + std::to_string(bytes.size()) + " bytes",
                  error_number);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {
    const int error_number = errno;
    ::close(fd);
    fail_output(final_path_.string(), "cannot sync to disk", error_number);
  }
  if (::close(fd) != 0) fail_output(final_path_.string(), "close failed", errno);
}

void AtomicOutput::commit() {
  fsync_file(temp_path_, final_path_);
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0)
    fail_output(final_path_.string(), "cannot rename temporary file into place", errno);
  committed_ = true;
  const auto parent = final_path_.parent_path();
  fsync_directory(parent.empty() ? std::filesystem::path(".") : parent);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  AtomicOutput out(path);
  out.write(contents);
  out.commit();
}

bool is_temporary_output_name(const std::string& filename) { return filename.find(kTempMarker) != std::string::npos; }

}  // namespace dt
