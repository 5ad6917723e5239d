// render_optimizer_comparison (see comparison_render.h).
#include "dt/report/comparison_render.h"

#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>
#include <vector>

#include "dt/report/report_render.h"

namespace dt {
namespace {

std::string entry_text(const TaskEntry& t) {
  if (!t.dt.available()) return "—";
  char text[96];
  std::snprintf(text, sizeof text, "%.1f ± %.1f (%+.1f ± %.1f)", 100 * t.dt.mean, 100 * t.dt.std, 100 * t.gain.mean,
                100 * t.gain.std);
  std::string out = text;
  if (t.paired) {
    std::snprintf(text, sizeof text, " [%+.1f, %+.1f] %lld/%lld", 100 * t.paired->low, 100 * t.paired->high,
                  static_cast<long long>(t.paired->wins),
                  static_cast<long long>(t.paired->wins + t.paired->losses + t.paired->ties));
    out += text;
    if (!t.paired->clearly_better()) out += " †";
  }
  if (t.step) out += " @" + std::to_string(*t.step);
  if (!t.step && t.mean_step) {
    std::snprintf(text, sizeof text, " @~%.1f", *t.mean_step);
    out += text;
  }
  return out;
}

}  // namespace

std::string render_optimizer_comparison(const Report& report) {
  std::map<std::tuple<std::string, std::int64_t, std::string>, std::vector<const ReportRow*>> groups;
  for (const auto& row : report.rows)
    if (!row.scored_once()) groups[{row.model, row.k, row.demos}].push_back(&row);
  std::ostringstream out;
  for (const auto& [key, rows] : groups) {
    if (rows.size() < 2) continue;
    const auto& [model, k, demos] = key;
    out << "### " << model << " k=" << k << (demos == "plain" ? "" : " " + demos) << ": meta-optimizers side by side ("
        << score_name(report.score) << ")\n\n| task |";
    for (const auto* row : rows) out << " " << optimizer_label(row->optimizer) << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < rows.size(); ++i) out << "---|";
    out << "\n";
    for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
      out << "| " << report.tasks[ti] << " |";
      for (const auto* row : rows) out << " " << (row->tasks[ti] ? entry_text(*row->tasks[ti]) : "—") << " |";
      out << "\n";
    }
    out << "| average |";
    for (const auto* row : rows) {
      if (row->dt_average && row->icl_average) {
        char text[64];
        std::snprintf(text, sizeof text, "%.1f (%+.1f)", 100 * *row->dt_average,
                      100 * (*row->dt_average - *row->icl_average));
        out << " " << text << " |";
      } else {
        out << " — |";
      }
    }
    out << "\n\nAccuracy in % at the chosen step, mean ± std over seeds; in parentheses the gain over ICL, mean ± std "
           "of the per-seed differences (the average row: the difference of the averages); in brackets the gain's 95 % "
           "bootstrap interval, then the seeds where Deep-Thinking beats ICL. "
        << kPairedNote << " " << report.protocol.describe() << "\n";
    if (!report.compute_note.empty()) out << report.compute_note << "\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace dt
