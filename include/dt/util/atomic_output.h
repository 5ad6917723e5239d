// AtomicOutput: a result file is written under a temporary name in the same directory and renamed onto its
// final name only by commit(); if the writer throws or the process dies first, no file appears under the
// final name (the destructor removes the temporary). A reader never sees a half-written result. Errors name the
// final path, never the temporary one: the user knows only the former; writers through temp_path() do the same.
// Every write, fsync and close is checked: a full disk, a quota or a read-only file system is an OutputError whose
// one line carries the system's reason ("No space left on device"), never a file sealed as if it were complete.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "dt/util/error.h"

namespace dt {

// An output could not be written for a reason outside the input (disk full, quota, read-only file system, I/O
// error): retrying the same cell elsewhere will not help, freeing space and rerunning will.
class OutputError : public Error {
 public:
  explicit OutputError(const std::string& message) : Error(message) {}
};

// Throws OutputError "<where>: <what>: <strerror(errno)>".
[[noreturn]] void fail_output(const std::string& where, const std::string& what, int error_number);

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path final_path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Where to write: `<final>.tmp.<pid>.<n>` beside the final file.
  const std::filesystem::path& temp_path() const { return temp_path_; }
  const std::filesystem::path& final_path() const { return final_path_; }

  // Writes `bytes` as the whole temporary file (checked write, fsync and close).
  void write(std::string_view bytes);
  // fsyncs the temporary file (checked), renames it onto the final name and fsyncs the directory.
  void commit();

 private:
  std::filesystem::path final_path_;
  std::filesystem::path temp_path_;
  bool committed_ = false;
};

// Writes `contents` to `path` through an AtomicOutput.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// True for names AtomicOutput uses for its temporaries (so directory scans can skip or clean them).
bool is_temporary_output_name(const std::string& filename);

}  // namespace dt
