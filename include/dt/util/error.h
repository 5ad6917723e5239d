// dt::Error: the one exception type dt throws for bad input or failed I/O. Its message is one line that names
// the file (or other input) and the problem; tools print it as `<tool>: error: <message>` and exit non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace dt {

class Error : public std::runtime_error {
 public:
  // Control characters of `message` are escaped (util/quote.h): a dt::Error is one line, however it was built.
  explicit Error(const std::string& message);
};

// "<where>: <what>", the shape of every dt error message.
[[noreturn]] void fail(const std::string& where, const std::string& what);

// The one line a tool prints for an exception it catches: a dt::Error's message; for anything else (LibTorch's
// c10::Error, whose message continues with a C++ backtrace; std::bad_alloc; a library's parse error) the first line
// of its message, escaped, with "out of memory" for std::bad_alloc.
std::string error_line(const std::exception& e);

}  // namespace dt
