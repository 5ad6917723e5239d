// Parsing of meta-optimizer names and hyper-parameters as users write them on command lines and in sweep configs.
#pragma once

#include <string>

#include "dt/think/meta_optimizer.h"

namespace dt {

// kind: "momentum" or "gate"; throws dt::Error naming `where` otherwise.
MetaOptimizerSpec::Kind parse_optimizer_kind(const std::string& kind, const std::string& where);

}  // namespace dt
