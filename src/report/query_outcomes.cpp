// query_outcomes and the exact McNemar test (see query_outcomes.h).
#include "dt/report/query_outcomes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace dt {
namespace {

// model, k, demonstrations, optimizer, task
using CellKey = std::tuple<std::string, std::int64_t, std::string, std::string, std::string>;

// Adds one cell's queries to `out`, or a note when the cell lacks either arm.
void add_cell(const Report& report, const TaskEntry& entry, const CellSummary& cell, QueryOutcomes& out) {
  const auto score = score_name(report.score);
  const auto step = chosen_dt_step(report, entry, cell);
  const auto* icl = correct_at(cell, report.score, 1);
  const auto* dt = step ? correct_at(cell, report.score, *step) : nullptr;
  if (icl == nullptr || dt == nullptr) {
    out.note = "seed " + std::to_string(cell.seed) + " has no " + score + " predictions at step 1 and the chosen step";
    return;
  }
  for (std::size_t q = 0; q < icl->size(); ++q) {
    const bool before = (*icl)[q] != 0, after = (*dt)[q] != 0;
    const QueryChange change{&cell, static_cast<std::int64_t>(q), *step};
    if (!before && after) {
      ++out.counts.fixed;
      out.fixed.push_back(change);
    } else if (before && !after) {
      ++out.counts.broken;
      out.broken.push_back(change);
    } else {
      ++(before ? out.counts.unchanged_right : out.counts.unchanged_wrong);
    }
  }
  ++out.seeds;
}

}  // namespace

double mcnemar_exact_p(std::int64_t fixed, std::int64_t broken) {
  const auto n = fixed + broken;
  if (n == 0) return 1.0;
  const auto m = std::min(fixed, broken);
  const double log_half_n = static_cast<double>(n) * std::log(0.5);
  double tail = 0;  // P(X <= m), each term C(n, i) / 2^n in log space (n may be thousands)
  for (std::int64_t i = 0; i <= m; ++i)
    tail += std::exp(std::lgamma(static_cast<double>(n + 1)) - std::lgamma(static_cast<double>(i + 1)) -
                     std::lgamma(static_cast<double>(n - i + 1)) + log_half_n);
  return std::min(1.0, 2 * tail);
}

std::vector<QueryOutcomes> query_outcomes(const Report& report, const ResultSet& results) {
  std::map<CellKey, std::map<std::uint64_t, const CellSummary*>> cells;
  for (const auto& c : results.cells) cells[{c.model, c.k, c.demos, c.optimizer, c.task}][c.seed] = &c;
  std::vector<QueryOutcomes> out;
  for (const auto& row : report.rows) {
    if (row.scored_once()) continue;
    for (std::size_t t = 0; t < report.tasks.size(); ++t) {
      if (!row.tasks[t]) continue;
      QueryOutcomes outcomes{&row, report.tasks[t], 0, {}, {}, {}, ""};
      for (const auto& [seed, cell] : cells[{row.model, row.k, row.demos, row.optimizer, report.tasks[t]}])
        add_cell(report, *row.tasks[t], *cell, outcomes);
      out.push_back(std::move(outcomes));
    }
  }
  return out;
}

}  // namespace dt
