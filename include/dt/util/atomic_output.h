// AtomicOutput: a result file is written under a temporary name in the same directory and renamed onto its
// final name only by commit(); if the writer throws or the process dies first, no file appears under the
// final name (the destructor removes the temporary). A reader never sees a half-written result. Errors name the
// final path, never the temporary one: the user knows only the former; writers through temp_path() do the same.
#pragma once

#include <filesystem>
#include <string>

namespace dt {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path final_path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Where to write: `<final>.tmp.<pid>.<n>` beside the final file.
  const std::filesystem::path& temp_path() const { return temp_path_; }
  const std::filesystem::path& final_path() const { return final_path_; }

  // fsyncs the temporary file, renames it onto the final name and fsyncs the directory.
  void commit();

 private:
  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  bool committed_ = false;
};

// Writes `contents` to `path` through an AtomicOutput.
void write_file_atomically(const std::filesystem::path& path, const std::string& contents);

// True for names AtomicOutput uses for its temporaries (so directory scans can skip or clean them).
bool is_temporary_output_name(const std::string& filename);

}  // namespace dt
