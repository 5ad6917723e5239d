// Log: a named line logger to a file or to stderr, safe to share between threads. spdlog lives behind it, in a
// library that never sees LibTorch's headers: PyTorch's LibTorch bundles its own fmt headers, which would shadow
// the fmt that the system's spdlog was built with in any translation unit that also includes LibTorch's paths.
// Messages are whole strings; dt::fixed formats a number with a fixed count of decimals.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace dt {

class Log {
 public:
  // Appends to `file`, lines stamped with date and time and the level, flushed at every line.
  static Log to_file(const std::string& name, const std::filesystem::path& file);
  // Lines on stderr stamped with the time of day.
  static Log to_stderr(const std::string& name);

  void info(const std::string& message) const;
  void warn(const std::string& message) const;
  void error(const std::string& message) const;

 private:
  struct Sink;
  explicit Log(std::shared_ptr<Sink> sink);
  std::shared_ptr<Sink> sink_;
};

// `value` with exactly `decimals` digits after the point ("%.*f").
std::string fixed(double value, int decimals);

}  // namespace dt
