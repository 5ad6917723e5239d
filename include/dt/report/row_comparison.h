// Paired comparison of any two kinds of report rows (dt-report --compare A --against B): Deep-Thinking with one
// optimizer against another, against the repeated-demonstrations or zero-shot baseline, flipped against plain labels.
// A selector is a comma-separated list of field=value over the fields of a row:
//   model=NAME   k=N   demos=plain|repeat:R|flipped   optimizer=KIND (or its full label)   arm=icl|dt
//   estimator=NAME (config/estimator_spec.h: released, position-matched, ...; a row's optimizer without one: released)
// Rows matching A are paired with rows matching B that agree in every field neither selector names, a baseline
// without optimizer agreeing with every optimizer; naming only the estimator, the optimizers must agree but for it (so
// "--compare demos=plain --against demos=repeat:2" pairs each Deep-Thinking row with the repeated-demonstrations row of
// its model and k). The arm a row contributes is, by default, Deep-Thinking at the step the report's protocol chose, or
// step 1 for the baselines scored once; arm=icl takes step 1. Per task, the seeds both rows have are paired: the
// per-seed differences of accuracy (mean ± std), the seeds A wins, and the bootstrap 95 % interval of
// paired_bootstrap.h over seeds and the queries (the same queries in both cells, which share their eval sample).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/report/result_set.h"

namespace dt {

struct RowSelector {
  std::string text;  // as given
  std::optional<std::string> model, demos, optimizer, arm, estimator;
  std::optional<std::int64_t> k;
};

// Throws dt::Error naming `where` for an unknown field or a malformed value.
RowSelector parse_row_selector(const std::string& text, const std::string& where);

struct RowPairing {
  const ReportRow* a = nullptr;
  const ReportRow* b = nullptr;
  std::string task;
  Stat difference;                         // per seed, accuracy of A minus B
  std::optional<PairedComparison> paired;  // nullopt when a paired seed's cells differ in their queries
  std::string note;                        // why an entry is missing
};

// Every pairing of `report`'s rows (and, for their per-query data, `results`' cells) that A and B select.
std::vector<RowPairing> compare_rows(const Report& report, const ResultSet& results, const RowSelector& a,
                                     const RowSelector& b);

// A Markdown section: one table row per pairing, then how to read it. Empty input: a sentence saying so.
std::string render_row_comparison(const Report& report, const RowSelector& a, const RowSelector& b,
                                  const std::vector<RowPairing>& pairings);
// The same as a LaTeX table (row_comparison_latex.cpp) titled `title`; empty for no pairings.
std::string render_row_comparison_latex(const Report& report, const std::string& title,
                                        const std::vector<RowPairing>& pairings);

// The estimator of a row's optimizer JSON: its "estimator" member, else "released" ("" for a baseline's "null").
std::string row_estimator(const std::string& optimizer_json);

}  // namespace dt
