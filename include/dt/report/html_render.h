// report.html: one self-contained page (no network, no external files, no script) that a co-author can open: per
// score the accuracy table with its step protocol, † note and coverage notes, the optimizer comparison and the
// accuracy-vs-step plots inline (SVG); the meta-gradient plots; and provenance: the dt that made the page (version,
// git revision, date), and from the cell files the dt versions, models (config and weight identities), task cards
// and data files (SHA-256) behind the numbers.
#pragma once

#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/report/report_plots.h"
#include "dt/report/result_set.h"

namespace dt {

// Text escaped for HTML (&, <, >, ").
std::string html_text(const std::string& text);

// `plots[i]`: report_plots() of reports[i], made once by the caller. `extra_markdown`: sections rendered as
// preformatted text after the tables (the paired comparisons). `suites_html`: the suite tables, after the accuracy
// tables. `queries_html`: the query-by-query sections (query_outcomes_render.h), after the comparisons.
std::string render_html(const std::vector<Report>& reports, const std::vector<std::vector<ReportPlot>>& plots,
                        const ResultSet& results, const std::string& title, const std::string& extra_markdown = "",
                        const std::string& suites_html = "", const std::string& queries_html = "");

}  // namespace dt
