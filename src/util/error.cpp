// dt::fail: throws dt::Error with the message "<where>: <what>".
#include "dt/util/error.h"

namespace dt {

void fail(const std::string& where, const std::string& what) { throw Error(where + ": " + what); }

}  // namespace dt
