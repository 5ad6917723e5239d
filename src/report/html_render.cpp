// render_html (see html_render.h).
#include "dt/report/html_render.h"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "dt/report/report_plots.h"
#include "dt/report/report_render.h"
#include "dt/util/error.h"
#include "dt/util/utc_time.h"
#include "dt/version.h"

namespace dt {
namespace {

std::string html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string entry(const Stat& s) {
  if (!s.available()) return "—";
  auto out = percent_text(s.mean) + " ± " + percent_text(s.std);
  if (s.n < s.expected) out += " (" + std::to_string(s.n) + "/" + std::to_string(s.expected) + ")";
  return out;
}

void table(std::ostringstream& out, const Report& report) {
  out << "<table>\n<tr><th>model</th><th>method</th>";
  for (const auto& t : report.tasks) out << "<th>" << html(t) << "</th>";
  out << "<th>average</th></tr>\n";
  for (const auto& row : report.rows) {
    const int methods = row.scored_once() ? 1 : 2;
    for (int method = 0; method < methods; ++method) {
      out << "<tr" << (method + 1 == methods ? " class=\"last\"" : "") << ">";
      if (method == 0) out << "<td rowspan=\"" << methods << "\">" << html(row_label(row)) << "</td>";
      out << "<td>" << (method == 0 ? "ICL" : "Deep-Thinking") << "</td>";
      for (const auto& t : row.tasks) {
        std::string text = "—";
        if (t) {
          text = entry(method == 0 ? t->icl : t->dt);
          if (method == 1 && t->paired && !t->paired->clearly_better()) text += " †";
          if (method == 1 && t->step) text += " @" + std::to_string(*t->step);
        }
        out << "<td>" << html(text) << "</td>";
      }
      const auto& avg = method == 0 ? row.icl_average : row.dt_average;
      out << "<td>" << (avg ? percent_text(*avg) : "—") << "</td></tr>\n";
    }
  }
  out << "</table>\n";
}

// Distinct identities behind the cells: models, task cards, data files, dt versions.
void provenance(std::ostringstream& out, const ResultSet& results) {
  std::map<std::string, std::string> models, tasks, data;
  std::set<std::string> versions;
  for (const auto& c : results.cells) {
    const auto& config = c.shared_config;
    if (config.contains("model")) models[c.model] = config["model"].value("identity", nlohmann::json()).dump();
    if (config.contains("task")) tasks[c.task] = config["task"].value("identity", nlohmann::json()).value("sha256", "");
    if (config.contains("data"))
      for (const char* split : {"eval", "pool"})
        if (config["data"].contains(split) && config["data"][split].is_object())
          data[c.task + " (" + split + ")"] = config["data"][split].value("sha256", "");
    if (config.contains("dt_version")) versions.insert(config["dt_version"].get<std::string>());
  }
  out << "<h2>Provenance</h2>\n<table class=\"plain\">\n";
  out << "<tr><th>page</th><td>dt-report " << html(kVersion) << " (git " << html(git_revision()) << "), "
      << html(utc_timestamp()) << ", " << results.cells.size() << " cell files in " << html(results.root.string())
      << "</td></tr>\n";
  std::string joined;
  for (const auto& v : versions) joined += (joined.empty() ? "" : ", ") + v;
  out << "<tr><th>cells written by</th><td>dt " << html(joined) << "</td></tr>\n";
  for (const auto& [name, id] : models)
    out << "<tr><th>model " << html(name) << "</th><td><code>" << html(id) << "</code></td></tr>\n";
  for (const auto& [name, sha] : tasks)
    out << "<tr><th>task card " << html(name) << "</th><td><code>sha256 " << html(sha) << "</code></td></tr>\n";
  for (const auto& [name, sha] : data)
    out << "<tr><th>data " << html(name) << "</th><td><code>sha256 " << html(sha) << "</code></td></tr>\n";
  out << "</table>\n";
}

}  // namespace

std::string html_text(const std::string& text) { return html(text); }

std::string render_html(const std::vector<Report>& reports, const std::vector<std::vector<ReportPlot>>& plots,
                        const ResultSet& results, const std::string& title, const std::string& extra_markdown,
                        const std::string& suites_html, const std::string& queries_html) {
  if (plots.size() != reports.size()) throw Error("internal: render_html needs one plot list per report");
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << html(title) << "</title>\n"
      << "<style>\nbody{font-family:sans-serif;margin:2em;max-width:1400px;color:#222}\n"
         "table{border-collapse:collapse;margin:1em 0}\nth,td{padding:3px 8px;text-align:right;border-bottom:1px solid "
         "#eee}\n"
         "th:first-child,td:first-child{text-align:left}\ntr.last td{border-bottom:1px solid #999}\n"
         "table.plain td{text-align:left}\n.caption{color:#555;font-size:90%;max-width:1100px}\n"
         "svg{margin:0.5em 1em 0.5em "
         "0}\npre{background:#f6f6f6;padding:1em;overflow-x:auto}\n</style>\n</head>\n<body>\n";
  out << "<h1>" << html(title) << "</h1>\n";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const auto& report = reports[i];
    out << "<h2>Accuracy (" << html(score_name(report.score)) << "): ICL vs Deep-Thinking</h2>\n";
    table(out, report);
    out << "<p class=\"caption\">" << html(report.protocol.describe()) << " " << html(kPairedNote) << "</p>\n";
    if (!report.compute_note.empty()) out << "<p class=\"caption\">" << html(report.compute_note) << "</p>\n";
    if (!report.notes.empty()) {
      out << "<ul class=\"caption\">\n";
      for (const auto& note : report.notes) out << "<li>" << html(note) << "</li>\n";
      out << "</ul>\n";
    }
    out << "<div>\n";
    for (const auto& plot : plots[i])
      if (plot.file_name.rfind("accuracy_", 0) == 0) out << plot.svg;
    out << "</div>\n";
  }
  out << suites_html;
  if (!extra_markdown.empty()) out << "<h2>Comparisons</h2>\n<pre>" << html(extra_markdown) << "</pre>\n";
  out << queries_html;
  if (!reports.empty()) {
    out << "<h2>Meta-gradients</h2>\n<div>\n";
    for (const auto& plot : plots.front())
      if (plot.file_name.rfind("meta_gradient_", 0) == 0) out << plot.svg;
    out << "</div>\n";
  }
  provenance(out, results);
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace dt
