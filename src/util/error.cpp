// dt::Error and dt::fail: every message has its control characters escaped (util/quote.h), so that no echoed text
// (a template, a data value, a file name) can split it over lines; error_line does the same for foreign exceptions.
#include "dt/util/error.h"

#include <new>
#include <string_view>

#include "dt/util/quote.h"

namespace dt {

Error::Error(const std::string& message) : std::runtime_error(one_line(message)) {}

void fail(const std::string& where, const std::string& what) { throw Error(where + ": " + what); }

std::string error_line(const std::exception& e) {
  if (dynamic_cast<const Error*>(&e) != nullptr) return e.what();
  if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr) return "out of memory (" + one_line(e.what()) + ")";
  const std::string_view message = e.what();
  return one_line(message.substr(0, message.find('\n')));
}

}  // namespace dt
