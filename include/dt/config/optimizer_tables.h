// The [[optimizers]] tables of a sweep config: one table per meta-optimizer kind, each hyper-parameter a number or a
// list of numbers; lists expand into every combination (in the registry's parameter order), each one grid axis
// value. A table may also give `layers` ("all", "first:N", "last:N" or a list of layer indices) and
// `ramp = [from, to]` (meta_optimizer_spec.h). Without tables the sweep runs the released code's momentum.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <vector>

#include "dt/config/meta_optimizer_spec.h"

namespace dt {

// `tables`: the config's "optimizers" node (nullptr when absent). Throws dt::Error naming `file` and the key.
std::vector<MetaOptimizerSpec> read_optimizer_tables(const toml::node* tables, const std::filesystem::path& file);

}  // namespace dt
