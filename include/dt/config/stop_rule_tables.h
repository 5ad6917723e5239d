// The stopping rules of a sweep config (think/stop_rules.h): [[stop_rules]] tables (name, kind, threshold), each
// recorded in every cell file; and [sweep] stop, "none" or "rule:NAME" (or a list of them, one grid axis), which ends
// the trajectories at the first step where the rule holds.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dt/config/stop_rules.h"

namespace dt {

// `tables`: the config's "stop_rules" node (nullptr when absent). Throws dt::Error naming `file` and the key.
std::vector<StopRule> read_stop_rule_tables(const toml::node* tables, const std::filesystem::path& file);

// `stop`: [sweep] stop (nullptr when absent: {""}). Returns the rule names, "" for "none".
std::vector<std::string> read_stop_choices(const toml::node* stop, const std::vector<StopRule>& rules,
                                           const std::filesystem::path& file);

}  // namespace dt
