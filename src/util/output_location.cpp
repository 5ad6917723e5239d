// check_output_location: walk up to the deepest existing directory and create (then remove) a probe file there;
// a probe answers for ACLs, read-only mounts and root alike, where permission bits would not.
#include "dt/util/output_location.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "dt/util/error.h"

namespace dt {

void check_output_location(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.empty()) fail("output", "no path given");
  if (std::filesystem::is_directory(file, ec)) fail(file.string(), "is a directory; give a file name");
  auto dir = file.parent_path();
  if (dir.empty()) dir = ".";
  while (!std::filesystem::exists(dir, ec)) {
    const auto up = dir.parent_path();
    if (up.empty() || up == dir) {
      dir = up.empty() ? std::filesystem::path(".") : up;
      break;
    }
    dir = up;
  }
  if (!std::filesystem::is_directory(dir, ec))
    fail(file.string(), "cannot write here: " + dir.string() + " is not a directory");
  const auto probe = dir / (".dt-write-check.tmp." + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) fail(file.string(), "cannot write here: " + dir.string() + ": " + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace dt
