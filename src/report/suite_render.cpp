// Suite tables as Markdown, LaTeX and HTML, built from one list of text cells so the three agree.
#include "dt/report/suite_render.h"

#include <cstdio>
#include <sstream>

#include "dt/report/html_render.h"
#include "dt/report/report_render.h"

namespace dt {
namespace {

struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string mean_text(const std::optional<double>& mean, const SuiteAverage& a) {
  if (!mean) return "—";
  return percent_text(*mean) +
         (a.complete() ? "" : " (" + std::to_string(a.found) + "/" + std::to_string(a.members) + ")");
}

std::string paired_text(const SuiteAverage& a) {
  if (!a.sign_test_p) return "—";
  char p[32];
  std::snprintf(p, sizeof p, "%.3g", *a.sign_test_p);
  return std::to_string(a.better) + " / " + std::to_string(a.equal) + " / " + std::to_string(a.worse) + " (p = " + p +
         ")";
}

TextTable summary(const SuiteTable& table) {
  TextTable out;
  out.header = {"model", "method"};
  for (const auto& c : table.categories) out.header.push_back(c);
  out.header.insert(out.header.end(), {"average", "tasks", "DT > = < ICL (sign test)"});
  for (const auto& row : table.rows) {
    for (int method = 0; method < (row.row->scored_once() ? 1 : 2); ++method) {
      std::vector<std::string> cells{method == 0 ? row_label(*row.row) : "", method == 0 ? "ICL" : "Deep-Thinking"};
      for (const auto& c : row.categories) cells.push_back(mean_text(method == 0 ? c.icl : c.dt, c));
      cells.push_back(mean_text(method == 0 ? row.all.icl : row.all.dt, row.all));
      cells.push_back(method == 0 ? std::to_string(row.all.found) + "/" + std::to_string(row.all.members) : "");
      cells.push_back(method == 0 ? "" : paired_text(row.all));
      out.rows.push_back(std::move(cells));
    }
  }
  return out;
}

TextTable per_task(const SuiteTable& table) {
  TextTable out;
  out.header = {"task"};
  if (!table.categories.empty()) out.header.push_back("category");
  for (const auto& row : table.rows) out.header.push_back(row_label(*row.row));
  for (std::size_t m = 0; m < table.members.size(); ++m) {
    std::vector<std::string> cells{table.members[m]};
    if (!table.categories.empty()) cells.push_back(table.member_category[m]);
    const auto column = table.member_column[m];
    for (const auto& suite_row : table.rows) {
      const auto& row = *suite_row.row;
      const auto* entry = column == std::string::npos || !row.tasks[column] ? nullptr : &*row.tasks[column];
      if (entry == nullptr || !entry->icl.available()) {
        cells.push_back("—");
        continue;
      }
      std::string text = percent_text(entry->icl.mean);
      if (!row.scored_once()) {
        text += " → " + (entry->dt.available() ? percent_text(entry->dt.mean) : std::string("—"));
        if (entry->paired && !entry->paired->clearly_better()) text += " †";
        if (entry->step) text += " @" + std::to_string(*entry->step);
      }
      cells.push_back(text);
    }
    out.rows.push_back(std::move(cells));
  }
  return out;
}

std::vector<std::string> member_notes(const SuiteTable& table, const Report& report) {
  std::vector<std::string> notes;
  for (const auto& note : report.notes)
    for (const auto& task : table.members)
      if (note_is_about(note, task)) {
        notes.push_back(note);
        break;
      }
  return notes;
}

std::string title(const SuiteTable& table, const Report& report) {
  return "Suite " + table.name + (table.description.empty() ? "" : " (" + table.description + ")") +
         ": mean accuracy over its tasks (" + score_name(report.score) + ")";
}

void markdown_table(std::ostringstream& out, const TextTable& t) {
  out << "|";
  for (const auto& h : t.header) out << " " << h << " |";
  out << "\n|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& row : t.rows) {
    out << "|";
    for (const auto& cell : row) out << " " << cell << " |";
    out << "\n";
  }
}

void latex_table(std::ostringstream& out, const TextTable& t, const std::string& caption) {
  out << "\\begin{table}[t]\n\\centering\n\\small\n\\begin{tabular}{l" << std::string(t.header.size() - 1, 'r')
      << "}\n\\toprule\n";
  for (std::size_t i = 0; i < t.header.size(); ++i) out << (i ? " & " : "") << latex_text(t.header[i]);
  out << " \\\\\n\\midrule\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out << (i ? " & " : "") << latex_text(row[i]);
    out << " \\\\\n";
  }
  out << "\\bottomrule\n\\end{tabular}\n\\caption{" << latex_text(caption) << "}\n\\end{table}\n";
}

void html_table(std::ostringstream& out, const TextTable& t) {
  out << "<table>\n<tr>";
  for (const auto& h : t.header) out << "<th>" << html_text(h) << "</th>";
  out << "</tr>\n";
  for (const auto& row : t.rows) {
    out << "<tr>";
    for (const auto& cell : row) out << "<td>" << html_text(cell) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

std::string suite_caption(const SuiteTable& table, const Report& report) {
  return "Accuracy in %. Each category and the average are unweighted means over the suite's " +
         std::to_string(table.members.size()) +
         " tasks (each task counts once, whatever its number of queries), every task at the step " +
         "the protocol chose for it; (n/N) marks means over fewer tasks than the suite has. DT > = < ICL counts the "
         "tasks whose mean Deep-Thinking accuracy is above, equal to and below ICL's, with the two-sided exact sign "
         "test (ties dropped). " +
         report.protocol.describe();
}

std::string render_suite_markdown(const SuiteTable& table, const Report& report) {
  std::ostringstream out;
  out << "## " << title(table, report) << "\n\n";
  markdown_table(out, summary(table));
  out << "\n" << suite_caption(table, report) << "\n\n### " << table.name << ": per task, ICL → Deep-Thinking\n\n";
  markdown_table(out, per_task(table));
  out << "\n" << kPairedNote << "\n";
  for (const auto& note : member_notes(table, report)) out << "Note: " << note << "\n";
  return out.str();
}

std::string render_suite_latex(const SuiteTable& table, const Report& report) {
  std::ostringstream out;
  latex_table(out, summary(table), title(table, report) + ". " + suite_caption(table, report));
  latex_table(out, per_task(table),
              table.name + ": per task, ICL → Deep-Thinking (" + score_name(report.score) + "). " + kPairedNote);
  for (const auto& note : member_notes(table, report)) out << "% Note: " << note << "\n";
  return out.str();
}

std::string render_suite_html(const SuiteTable& table, const Report& report) {
  std::ostringstream out;
  out << "<h2>" << html_text(title(table, report)) << "</h2>\n";
  html_table(out, summary(table));
  out << "<p class=\"caption\">" << html_text(suite_caption(table, report)) << "</p>\n";
  out << "<h3>" << html_text(table.name + ": per task, ICL → Deep-Thinking") << "</h3>\n";
  html_table(out, per_task(table));
  out << "<p class=\"caption\">" << html_text(kPairedNote) << "</p>\n";
  const auto notes = member_notes(table, report);
  if (!notes.empty()) {
    out << "<ul class=\"caption\">\n";
    for (const auto& note : notes) out << "<li>" << html_text(note) << "</li>\n";
    out << "</ul>\n";
  }
  return out.str();
}

}  // namespace dt
