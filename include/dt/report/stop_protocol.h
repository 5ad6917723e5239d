// The rule:NAME step protocol of dt-report: for each cell, the step the label-free stopping rule NAME chooses,
// recomputed from the cell's stored meta-gradient statistics with the rule as that cell records it (and checked
// against the step the cell recorded), and the thinking compute such choices leave out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dt/report/result_set.h"

namespace dt {

struct RuleChoice {
  std::optional<std::int64_t> step;  // nullopt when the cell has no rule NAME
  std::int64_t at = 0;               // where thinking could stop (StopDecision::at)
  std::string problem;               // why not
};

// Throws dt::Error naming the file when the recomputed step differs from the one the cell recorded.
RuleChoice rule_choice(const CellSummary& cell, const std::string& rule);

// Thinking compute over a set of cells: steps and demonstration tokens forwarded to the last step versus to the steps
// the rule chose (each thinking step forwards the demonstration once).
struct ComputeSaved {
  std::int64_t steps_run = 0, steps_needed = 0;
  std::int64_t tokens_run = 0, tokens_needed = 0;
  void add(const CellSummary& cell, std::int64_t stop_step);  // the step at which thinking could stop
  std::string describe(const std::string& rule) const;        // one sentence for the table's caption
};

}  // namespace dt
