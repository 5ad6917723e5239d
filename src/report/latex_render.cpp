// render_latex: the paper's table as LaTeX (booktabs). Text (model names, optimizer labels, task names, the caption)
// is escaped; the math dt writes itself ($k = 1$, 91.2$_{\pm 1.3}$) is not. Row groups are separated by \midrule,
// the last one is closed by \bottomrule alone. Deep-Thinking entries carry the Markdown table's marks: † (not better
// than ICL) and @T (the step taken).
#include <cstdio>
#include <sstream>

#include "dt/report/report_render.h"

namespace dt {

std::string latex_text(const std::string& s) {
  static const std::pair<const char*, const char*> kSigns[] = {{"\u00d7", "$\\times$"}, {"\u00b1", "$\\pm$"},
                                                               {"\u2020", "\\dag{}"},   {"\u2014", "---"},
                                                               {"\u2212", "$-$"},       {"\u2192", "$\\to$"}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool sign = false;
    for (const auto& [utf8, latex] : kSigns) {
      const std::string_view from(utf8);
      if (s.compare(i, from.size(), from) == 0) {
        out += latex;
        i += from.size();
        sign = true;
        break;
      }
    }
    if (sign) continue;
    const char c = s[i++];
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '<': out += "\\textless{}"; break;
      case '>': out += "\\textgreater{}"; break;
      case '_':
      case '%':
      case '&':
      case '#':
      case '$':
      case '{':
      case '}':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// "tiny-gpt2 ($k = 1$) flipped momentum(...)": row_label with its k written as math.
std::string latex_label(const ReportRow& row) {
  const auto plain = row.model + " k=" + std::to_string(row.k);
  return latex_text(row.model) + " ($k = " + std::to_string(row.k) + "$)" +
         latex_text(row_label(row).substr(plain.size()));
}

// What the Markdown table adds to a Deep-Thinking entry: † when it is not better than ICL (the paired interval includes
// 0) and the step it was taken at (@T, or @~T the mean over seeds of per-cell steps).
std::string dt_marks(const TaskEntry& entry) {
  std::string out;
  if (entry.paired && !entry.paired->clearly_better()) out += "$^{\\dagger}$";
  if (entry.step) {
    out += "\\,@" + std::to_string(*entry.step);
  } else if (entry.mean_step) {
    char mean[32];
    std::snprintf(mean, sizeof mean, "\\,@$\\sim$%.1f", *entry.mean_step);
    out += mean;
  }
  return out;
}

}  // namespace

std::string render_latex(const Report& report) {
  std::ostringstream out;
  out << "\\begin{table}[t]\n\\centering\n\\begin{tabular}{ll" << std::string(report.tasks.size() + 1, 'c')
      << "}\n\\toprule\nModel & Method";
  for (const auto& t : report.tasks) out << " & " << latex_text(t);
  out << " & Avg. \\\\\n";
  for (const auto& row : report.rows) {
    out << "\\midrule\n";
    for (int method = 0; method < (row.scored_once() ? 1 : 2); ++method) {
      out << (method == 0 ? latex_label(row) : std::string()) << " & " << (method == 0 ? "ICL" : "Deep-Thinking");
      for (const auto& t : row.tasks) {
        const Stat* s = t ? (method == 0 ? &t->icl : &t->dt) : nullptr;
        out << " & "
            << (s && s->available() ? percent_text(s->mean) + "$_{\\pm " + percent_text(s->std) + "}$"
                                    : std::string("--"));
        if (method == 1 && s && s->available()) out << dt_marks(*t);
      }
      const auto& avg = method == 0 ? row.icl_average : row.dt_average;
      out << " & " << (avg ? percent_text(*avg) : std::string("--")) << " \\\\\n";
    }
  }
  out << "\\bottomrule\n\\end{tabular}\n\\caption{"
      << latex_text("Accuracy (%, " + score_name(report.score) + "), mean ± standard deviation over seeds. " +
                    report.protocol.describe() + " " + kPairedNote + " @T: the step of the Deep-Thinking entry.")
      << "}\n\\end{table}\n"
      << report_footer(report, "% ");
  return out.str();
}

}  // namespace dt
