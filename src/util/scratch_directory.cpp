// ScratchDirectory over mkdtemp and remove_all.
#include "dt/util/scratch_directory.h"

#include <stdlib.h>

#include <cerrno>

#include "dt/util/atomic_output.h"

namespace dt {

ScratchDirectory::ScratchDirectory(const std::string& prefix) {
  std::error_code ec;
  const auto root = std::filesystem::temp_directory_path(ec);
  if (ec) fail_output("the temporary directory", "cannot find it", ec.value());
  auto pattern = (root / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) fail_output(root.string(), "cannot create a scratch directory", errno);
  path_ = pattern;
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace dt
