// Renderings of a SuiteTable (Markdown, LaTeX, HTML): the paper's Table 3 layout, one summary table (per report row,
// ICL and Deep-Thinking per category and averaged over the suite, the tasks found and the paired counts over tasks),
// then one row per member task (ICL → Deep-Thinking for every report row), then the report's notes on the members.
#pragma once

#include <string>

#include "dt/report/aggregate.h"
#include "dt/report/suite_table.h"

namespace dt {

std::string render_suite_markdown(const SuiteTable& table, const Report& report);
std::string render_suite_latex(const SuiteTable& table, const Report& report);
std::string render_suite_html(const SuiteTable& table, const Report& report);

// The sentence under every suite table: how the averages and the paired counts are made.
std::string suite_caption(const SuiteTable& table, const Report& report);

}  // namespace dt
