// parse_optimizer_kind.
#include "dt/cell/optimizer_options.h"

#include "dt/util/error.h"

namespace dt {

MetaOptimizerSpec::Kind parse_optimizer_kind(const std::string& kind, const std::string& where) {
  if (kind == "momentum") return MetaOptimizerSpec::Kind::Momentum;
  if (kind == "gate") return MetaOptimizerSpec::Kind::Gate;
  fail(where, "unknown meta-optimizer '" + kind + "' (momentum, gate)");
}

}  // namespace dt
