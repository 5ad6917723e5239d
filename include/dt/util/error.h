// dt::Error: the one exception type dt throws for bad input or failed I/O. Its message is one line that names
// the file (or other input) and the problem; tools print it as `<tool>: error: <message>` and exit non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace dt {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// "<where>: <what>", the shape of every dt error message.
[[noreturn]] void fail(const std::string& where, const std::string& what);

}  // namespace dt
