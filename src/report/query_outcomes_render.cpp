// render_query_outcomes_{markdown,latex,html} (see query_outcomes_render.h).
#include "dt/report/query_outcomes_render.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "dt/report/html_render.h"
#include "dt/report/report_render.h"
#include "dt/util/error.h"

namespace dt {
namespace {

std::string p_text(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", p);
  return text;
}

// The counts of one entry as table cells: seeds, fixed, broken, unchanged right, unchanged wrong, McNemar p.
std::vector<std::string> count_cells(const QueryOutcomes& o) {
  if (o.seeds == 0) return {"0", "—", "—", "—", "—", "— (" + o.note + ")"};
  const auto& c = o.counts;
  return {std::to_string(o.seeds),           std::to_string(c.fixed),           std::to_string(c.broken),
          std::to_string(c.unchanged_right), std::to_string(c.unchanged_wrong), p_text(c.mcnemar_p())};
}

std::string how_to_read(const Report& report) {
  return "Queries summed over seeds, each one's correctness under ICL (step 1) against Deep-Thinking at the step the "
         "protocol chose for its cell: fixed = ICL wrong, Deep-Thinking right; broken = ICL right, Deep-Thinking "
         "wrong. McNemar p: the exact two-sided binomial test on the fixed and broken queries. " +
         report.protocol.describe();
}

// The choice a prediction names, with its index: "1: positive".
std::string choice_text(const Example& example, std::int64_t choice) {
  const auto index = static_cast<std::size_t>(choice);
  return std::to_string(choice) + ": " + (index < example.choices.size() ? example.choices[index] : "?");
}

std::int64_t prediction_at(const CellSummary& cell, const std::string& score, std::int64_t step, std::int64_t q) {
  const auto at = std::find(cell.steps.begin(), cell.steps.end(), step);
  return cell.predictions.at(score)[static_cast<std::size_t>(at - cell.steps.begin())][static_cast<std::size_t>(q)];
}

// A table of up to `limit` changed queries with their text.
void example_table(std::ostringstream& out, const std::string& what, const std::vector<QueryChange>& changes,
                   const std::string& score, QueryTexts& texts, std::size_t limit) {
  if (changes.empty()) return;
  out << "<p>" << what << " (first " << std::min(limit, changes.size()) << " of " << changes.size() << ")</p>\n"
      << "<table class=\"plain\">\n<tr><th>seed, query</th><th>prompt</th><th>choices</th><th>gold</th><th>ICL</th>"
         "<th>Deep-Thinking</th></tr>\n";
  for (std::size_t i = 0; i < std::min(limit, changes.size()); ++i) {
    const auto& change = changes[i];
    const auto& example = texts.query(*change.cell, change.query);
    std::string choices;
    for (std::size_t c = 0; c < example.choices.size(); ++c)
      choices += (c ? "\n" : "") + choice_text(example, static_cast<std::int64_t>(c));
    out << "<tr><td>" << change.cell->seed << ", " << change.query << "</td><td><pre>" << html_text(example.prompt)
        << "</pre></td><td><pre>" << html_text(choices) << "</pre></td><td>"
        << html_text(choice_text(example, example.answer)) << "</td><td>"
        << html_text(choice_text(example, prediction_at(*change.cell, score, 1, change.query))) << "</td><td>"
        << html_text(choice_text(example, prediction_at(*change.cell, score, change.dt_step, change.query)))
        << " (step " << change.dt_step << ")</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

std::string render_query_outcomes_markdown(const Report& report, const std::vector<QueryOutcomes>& outcomes) {
  if (outcomes.empty()) return "";
  std::ostringstream out;
  out << "### Query by query (" << score_name(report.score) << "): what thinking fixed and broke\n\n"
      << "| row | task | seeds | fixed | broken | unchanged right | unchanged wrong | McNemar p |\n"
      << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& o : outcomes) {
    out << "| " << row_label(*o.row) << " | " << o.task;
    for (const auto& cell : count_cells(o)) out << " | " << cell;
    out << " |\n";
  }
  out << "\n" << how_to_read(report) << "\n\n";
  return out.str();
}

std::string render_query_outcomes_latex(const Report& report, const std::vector<QueryOutcomes>& outcomes) {
  if (outcomes.empty()) return "";
  std::ostringstream out;
  out << "\\begin{table}[t]\n\\centering\n\\begin{tabular}{llcccccc}\n\\toprule\n"
      << "Model & Task & Seeds & Fixed & Broken & Right & Wrong & McNemar $p$ \\\\\n\\midrule\n";
  for (const auto& o : outcomes) {
    out << latex_text(row_label(*o.row)) << " & " << latex_text(o.task);
    for (const auto& cell : count_cells(o)) out << " & " << latex_text(cell);
    out << " \\\\\n";
  }
  out << "\\bottomrule\n\\end{tabular}\n\\caption{Query by query (" << latex_text(score_name(report.score))
      << "). Right, Wrong: unchanged. " << latex_text(how_to_read(report)) << "}\n\\end{table}\n";
  return out.str();
}

std::string render_query_outcomes_html(const Report& report, const std::vector<QueryOutcomes>& outcomes,
                                       QueryTexts& texts, std::size_t examples) {
  if (outcomes.empty()) return "";
  const auto score = score_name(report.score);
  std::ostringstream out;
  out << "<h2>Query by query (" << html_text(score) << "): what thinking fixed and broke</h2>\n<table>\n"
      << "<tr><th>row</th><th>task</th><th>seeds</th><th>fixed</th><th>broken</th><th>unchanged right</th>"
         "<th>unchanged wrong</th><th>McNemar p</th></tr>\n";
  for (const auto& o : outcomes) {
    out << "<tr><td>" << html_text(row_label(*o.row)) << "</td><td>" << html_text(o.task) << "</td>";
    for (const auto& cell : count_cells(o)) out << "<td>" << html_text(cell) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n<p class=\"caption\">" << html_text(how_to_read(report)) << "</p>\n";
  std::ostringstream shown;
  try {
    for (const auto& o : outcomes) {
      if (o.fixed.empty() && o.broken.empty()) continue;
      shown << "<h3>" << html_text(row_label(*o.row) + " — " + o.task) << "</h3>\n";
      example_table(shown, "Fixed", o.fixed, score, texts, examples);
      example_table(shown, "Broken", o.broken, score, texts, examples);
    }
  } catch (const Error& e) {
    return out.str() + "<p class=\"caption\">No examples: " + html_text(error_line(e)) + "</p>\n";
  }
  return out.str() + shown.str();
}

}  // namespace dt
