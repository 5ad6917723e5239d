// executable_dir, share_dir, module_dir: the install layout relative to /proc/self/exe.
#include "dt/util/install_layout.h"

#include <system_error>

#include "dt/util/error.h"

namespace dt {

std::filesystem::path executable_dir() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    const auto exe = std::filesystem::canonical("/proc/self/exe", ec);
    if (ec) throw Error("/proc/self/exe: cannot find the running executable: " + ec.message());
    return exe.parent_path();
  }();
  return dir;
}

std::filesystem::path share_dir() { return (executable_dir().parent_path() / "share" / "dt").lexically_normal(); }

std::filesystem::path module_dir() { return (executable_dir().parent_path() / "lib" / "dt").lexically_normal(); }

}  // namespace dt
