// The current time in UTC as ISO 8601 ("2026-11-30T07:51:00Z"), for the provenance dt writes into its outputs.
#pragma once

#include <string>

namespace dt {

std::string utc_timestamp();

}  // namespace dt
