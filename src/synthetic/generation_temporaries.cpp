// Generation temporaries: `<out>.tmp.<pid>` names, and the PID check that tells a dead generation's from a live one's.
#include "dt/synthetic/generation_temporaries.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "dt/util/error.h"

namespace dt {
namespace {

constexpr const char* kMarker = ".tmp.";

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

std::filesystem::path generation_temp_dir(const std::filesystem::path& out) {
  auto temp = out;
  temp += kMarker + std::to_string(::getpid());
  return temp;
}

void move_generated_into_place(const std::filesystem::path& temp, const std::filesystem::path& out) {
  std::error_code ec;
  if (!std::filesystem::exists(out)) {
    std::filesystem::rename(temp, out, ec);
    if (!ec) return;
    const auto reason = ec.message();
    std::filesystem::remove_all(temp, ec);
    fail(out.string(), "cannot move the generated directory into place: " + reason);
  }
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
    const std::string reason = std::strerror(errno);
    std::filesystem::remove_all(temp, ec);
    fail(out.string(), "cannot swap the generated directory into place: " + reason);
  }
  std::filesystem::remove_all(temp, ec);  // the old directory; a kill here leaves a temporary of a dead process
}

std::size_t remove_stale_generation_temporaries(const std::filesystem::path& out) {
  const auto parent = out.parent_path().empty() ? std::filesystem::path(".") : out.parent_path();
  const auto prefix = out.filename().string() + kMarker;
  std::error_code ec;
  std::filesystem::directory_iterator it(parent, ec);
  if (ec) return 0;
  std::size_t removed = 0;
  for (const auto& entry : it) {
    const auto name = entry.path().filename().string();
    if (!name.starts_with(prefix) || name.size() == prefix.size() || name.size() - prefix.size() > 9) continue;
    const auto digits = name.substr(prefix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid <= 0 || pid == ::getpid() || process_alive(pid)) continue;
    std::filesystem::remove_all(entry.path(), ec);
    if (!ec) ++removed;
  }
  return removed;
}

}  // namespace dt
