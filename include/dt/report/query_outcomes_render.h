// Rendering of query_outcomes (report/query_outcomes.h): per report row and task, the queries thinking fixed and
// broke, as a Markdown table (after each score's tables), a LaTeX table (report.tex) and a report.html section that
// also shows the first few fixed and broken queries with their text (prompt, choices, gold answer, both predictions).
#pragma once

#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/report/query_outcomes.h"
#include "dt/report/query_texts.h"

namespace dt {

// Fixed, broken, unchanged right and wrong, McNemar p: one line per row and task; "" when no row thinks.
std::string render_query_outcomes_markdown(const Report& report, const std::vector<QueryOutcomes>& outcomes);
std::string render_query_outcomes_latex(const Report& report, const std::vector<QueryOutcomes>& outcomes);

// The counts and, per row and task, the first `examples` fixed and broken queries with their text. When a query's
// text cannot be rebuilt (a card or data file moved), the section says why instead of showing examples.
std::string render_query_outcomes_html(const Report& report, const std::vector<QueryOutcomes>& outcomes,
                                       QueryTexts& texts, std::size_t examples = 3);

}  // namespace dt
