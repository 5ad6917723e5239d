// Query by query, ICL against Deep-Thinking: for each report row and task, every seed's cell pairs each query's
// correctness at step 1 (ICL) with its correctness at the step the report's protocol chose for that cell (the step
// build_report uses: TaskEntry::step, or for rule:NAME the cell's own step). Summed over seeds: the queries thinking
// fixed (ICL wrong, Deep-Thinking right), broke (ICL right, Deep-Thinking wrong) and left unchanged, and the exact
// McNemar test on the discordant pairs. Baseline rows scored once (zero-shot, repeat:R) have no Deep-Thinking arm and
// are left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/report/result_set.h"

namespace dt {

// The exact McNemar test: two-sided binomial p = min(1, 2 P(X <= min(fixed, broken))), X ~ Binomial(fixed + broken,
// 1/2); 1 when there is no discordant pair.
double mcnemar_exact_p(std::int64_t fixed, std::int64_t broken);

struct QueryOutcomeCounts {
  std::int64_t fixed = 0, broken = 0, unchanged_right = 0, unchanged_wrong = 0;
  std::int64_t total() const { return fixed + broken + unchanged_right + unchanged_wrong; }
  double mcnemar_p() const { return mcnemar_exact_p(fixed, broken); }
};

// One query whose correctness changed: its cell, its index in the cell and the Deep-Thinking step compared.
struct QueryChange {
  const CellSummary* cell = nullptr;
  std::int64_t query = 0;
  std::int64_t dt_step = 0;
};

struct QueryOutcomes {
  const ReportRow* row = nullptr;
  std::string task;
  std::int64_t seeds = 0;  // cells counted
  QueryOutcomeCounts counts;
  std::vector<QueryChange> fixed, broken;  // every changed query, by seed then query
  std::string note;                        // why a seed's cell could not be counted ("" when all were)
};

// One entry per (row that thinks, task with cells), in the report's row then task order; `results` must be the
// results `report` was built from.
std::vector<QueryOutcomes> query_outcomes(const Report& report, const ResultSet& results);

}  // namespace dt
