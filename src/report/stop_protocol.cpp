// rule_choice and ComputeSaved (see stop_protocol.h).
#include "dt/report/stop_protocol.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "dt/config/think_stats.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// The stored /think/* datasets back as StepStats, steps 1..T.
std::vector<StepStats> stored_think(const CellSummary& cell) {
  std::vector<StepStats> out;
  for (const auto& field : think_stat_fields()) {
    const auto found = cell.think.find(field.name);
    if (found == cell.think.end()) fail(cell.file.string(), std::string("no /think/") + field.name + " statistics");
    const auto& rows = found->second;
    if (out.empty()) out.resize(rows.size());
    if (rows.size() != out.size()) fail(cell.file.string(), "the /think statistics have different step counts");
    for (std::size_t t = 0; t < rows.size(); ++t) {
      out[t].step = static_cast<int>(t + 1);
      out[t].layers.resize(rows[t].size());
      for (std::size_t l = 0; l < rows[t].size(); ++l) out[t].layers[l].*(field.member) = rows[t][l];
    }
  }
  return out;
}

}  // namespace

RuleChoice rule_choice(const CellSummary& cell, const std::string& rule) {
  for (const auto& recorded : cell.stop_rules) {
    if (recorded.rule.name != rule) continue;
    const auto decision = decide(recorded.rule, step_signals(stored_think(cell), cell.dev_accuracy_lm));
    if (decision.step != recorded.decision.step || decision.at != recorded.decision.at)
      fail(cell.file.string(), "stopping rule " + rule + " recorded step " + std::to_string(recorded.decision.step) +
                                   " (stopping at " + std::to_string(recorded.decision.at) +
                                   ") but its statistics give step " + std::to_string(decision.step) +
                                   " (stopping at " + std::to_string(decision.at) + ")");
    return {decision.step, decision.at, ""};
  }
  return {std::nullopt, 0, "no stopping rule " + rule + " recorded"};
}

void ComputeSaved::add(const CellSummary& cell, std::int64_t stop_step) {
  const auto run = static_cast<std::int64_t>(cell.think.empty() ? 0 : cell.think.begin()->second.size());
  steps_run += run;
  steps_needed += stop_step;
  tokens_run += run * cell.demo_tokens;
  tokens_needed += stop_step * cell.demo_tokens;
}

std::string ComputeSaved::describe(const std::string& rule) const {
  if (steps_run == 0) return "";
  char text[320];
  std::snprintf(
      text, sizeof text,
      "Compute under rule:%s: %lld of %lld thinking steps needed (%.1f %% saved), %lld of %lld "
      "demonstration tokens forwarded (%.1f %% saved), over the cells in this table.",
      rule.c_str(), static_cast<long long>(steps_needed), static_cast<long long>(steps_run),
      100.0 * static_cast<double>(steps_run - steps_needed) / static_cast<double>(steps_run),
      static_cast<long long>(tokens_needed), static_cast<long long>(tokens_run),
      tokens_run > 0 ? 100.0 * static_cast<double>(tokens_run - tokens_needed) / static_cast<double>(tokens_run) : 0.0);
  return text;
}

}  // namespace dt
