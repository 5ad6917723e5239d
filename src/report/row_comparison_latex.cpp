// render_row_comparison_latex (see row_comparison.h): the paired comparison as a booktabs table.
#include <cstdio>
#include <sstream>

#include "dt/report/report_render.h"
#include "dt/report/row_comparison.h"

namespace dt {

std::string render_row_comparison_latex(const Report& report, const std::string& title,
                                        const std::vector<RowPairing>& pairings) {
  if (pairings.empty()) return "";
  std::ostringstream out;
  out << "% " << title << " (" << score_name(report.score) << ")\n\\begin{table}[t]\n\\centering\\small\n"
      << "\\begin{tabular}{lllrrl}\n\\toprule\n"
      << "A & B & Task & A $-$ B & seeds A wins & 95\\,\\% interval \\\\\n\\midrule\n";
  for (const auto& p : pairings) {
    out << latex_text(row_label(*p.a)) << " & " << latex_text(row_label(*p.b)) << " & " << latex_text(p.task) << " & ";
    if (!p.difference.available()) {
      out << "--- & --- & --- \\\\\n";
      continue;
    }
    char text[96];
    std::snprintf(text, sizeof text, "$%+.1f \\pm %.1f$", 100 * p.difference.mean, 100 * p.difference.std);
    out << text << " & ";
    if (p.paired) {
      std::snprintf(text, sizeof text, "%lld/%lld & $[%+.1f, %+.1f]$%s", static_cast<long long>(p.paired->wins),
                    static_cast<long long>(p.paired->wins + p.paired->losses + p.paired->ties), 100 * p.paired->low,
                    100 * p.paired->high, p.paired->clearly_better() ? "" : "\\dag{}");
      out << text << " \\\\\n";
    } else {
      out << "--- & --- \\\\\n";
    }
  }
  out << "\\bottomrule\n\\end{tabular}\n\\caption{" << latex_text(title)
      << ": accuracy in percentage points, A minus B on the same seeds (mean $\\pm$ std of the per-seed differences); "
         "the interval resamples the seeds, then each seed's queries, 2,000 times; \\dag{} marks an interval that "
         "includes 0. "
      << latex_text(report.protocol.describe()) << "}\n\\end{table}\n";
  return out.str();
}

}  // namespace dt
