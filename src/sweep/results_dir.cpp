// ResultsDir: locking, orphan cleanup, stale results, failure records, manifest.
#include "dt/sweep/results_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "dt/results/cell_file.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {

ResultsDir::ResultsDir(std::filesystem::path root) : root_(std::move(root)) {
  std::error_code ec;
  for (const char* sub : {"cells", "logs", "failed", "attempts"}) {
    std::filesystem::create_directories(root_ / sub, ec);
    if (ec) fail_output((root_ / sub).string(), "cannot create directory", ec.value());
    if (::access((root_ / sub).c_str(), W_OK) != 0)
      fail_output(root_.string(), "output directory is not writable", errno);
  }
}

ResultsDir::~ResultsDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void ResultsDir::lock() {
  const auto path = root_ / ".dt-sweep.lock";
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) fail(path.string(), "cannot open lock file");
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
    fail(root_.string(), "another dt-sweep is running on this output directory (lock " + path.string() + " is held)");
}

std::size_t ResultsDir::remove_orphans() {
  std::size_t removed = 0;
  for (const char* sub : {"cells", "failed", "attempts"}) {
    if (!std::filesystem::exists(root_ / sub)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root_ / sub)) {
      if (entry.is_regular_file() && is_temporary_output_name(entry.path().filename().string())) {
        std::filesystem::remove(entry.path());
        ++removed;
      }
    }
  }
  return removed;
}

std::filesystem::path ResultsDir::set_aside(const std::filesystem::path& file, const std::string& place) {
  return set_aside_file(file, (root_ / place / std::filesystem::relative(file, root_)).parent_path());
}

void ResultsDir::record_failure(const std::string& cell_id, const nlohmann::json& record) {
  write_file_atomically(root_ / "failed" / (cell_id + ".json"), record.dump(2) + "\n");
}

void ResultsDir::clear_failure(const std::string& cell_id) {
  std::error_code ignored;
  std::filesystem::remove(root_ / "failed" / (cell_id + ".json"), ignored);
}

void ResultsDir::write_manifest(const nlohmann::json& manifest) {
  write_file_atomically(root_ / "sweep.json", manifest.dump(1) + "\n");
}

std::filesystem::path ResultsDir::log_file(const std::filesystem::path& root, int rank) {
  return root / "logs" / ("rank-" + std::to_string(rank) + ".log");
}

}  // namespace dt
