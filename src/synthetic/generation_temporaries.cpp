// Generation temporaries: `<out>.tmp.<pid>` names, and the PID check that tells a dead generation's from a live one's.
#include "dt/synthetic/generation_temporaries.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <string>

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
