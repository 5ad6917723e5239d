// ScratchDirectory: a directory of its own under the system's temporary directory (mkdtemp), removed with everything in
// it when destroyed, for work that must not touch the user's files (the preflight's trial generation).
#pragma once

#include <filesystem>
#include <string>

namespace dt {

class ScratchDirectory {
 public:
  // `prefix` starts the directory's name ("dt-preflight" -> /tmp/dt-preflight-XXXXXX); throws OutputError on failure.
  explicit ScratchDirectory(const std::string& prefix);
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dt
