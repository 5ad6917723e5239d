// dt::fail: throws dt::Error with the message "<where>: <what>", its control characters escaped (util/quote.h) so
// that no echoed text (a template, a data value, a file name) can split the message over lines.
#include "dt/util/error.h"

#include "dt/util/quote.h"

namespace dt {

void fail(const std::string& where, const std::string& what) { throw Error(one_line(where + ": " + what)); }

}  // namespace dt
