// write_report_plots: accuracy traces and meta-gradient norms as SVG.
#include "dt/report/report_plots.h"

#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "dt/report/report_render.h"
#include "dt/report/svg_plot.h"
#include "dt/util/atomic_output.h"

namespace dt {
namespace {

std::string file_safe(std::string s) {
  for (auto& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) c = '_';
  return s;
}

}  // namespace

std::vector<ReportPlot> report_plots(const Report& report, const ResultSet& results) {
  std::vector<ReportPlot> plots;
  for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
    std::vector<PlotSeries> series;
    for (const auto& row : report.rows) {
      if (!row.tasks[ti]) continue;
      const auto& t = *row.tasks[ti];
      PlotSeries s{row_label(row), {}, {}, {}, {}};
      for (std::size_t i = 0; i < t.trace_steps.size(); ++i) {
        const auto& st = t.trace[i];
        s.x.push_back(static_cast<double>(t.trace_steps[i]));
        s.y.push_back(100 * st.mean);
        s.low.push_back(100 * (st.mean - st.std));
        s.high.push_back(100 * (st.mean + st.std));
      }
      series.push_back(std::move(s));
    }
    plots.push_back({"accuracy_" + file_safe(report.tasks[ti]) + "_" + score_name(report.score) + ".svg",
                     svg_line_plot(report.tasks[ti] + ": accuracy (" + score_name(report.score) + ") vs step",
                                   "Deep-Thinking step (1 = ICL)", "accuracy (%)", series)});
  }
  // Meta-gradient norms, per row that thinks (model, k, demonstrations, optimizer): mean over that row's cells.
  std::map<std::tuple<std::string, std::int64_t, std::string, std::string>, std::vector<const CellSummary*>> rows;
  for (const auto& c : results.cells)
    if (c.optimizer != "null") rows[{c.model, c.k, c.demos, c.optimizer}].push_back(&c);
  for (const auto& [key, cells] : rows) {
    ReportRow row;
    std::tie(row.model, row.k, row.demos, row.optimizer) = key;
    const auto label = row_label(row);
    std::vector<PlotSeries> series;
    for (const char* stat : {"k_grad_norm", "v_grad_norm"}) {
      const auto& first = cells.front()->think.at(stat);
      if (first.empty()) continue;
      const auto layers = first.front().size();
      for (std::size_t l = 0; l < layers; ++l) {
        PlotSeries s{std::string(stat[0] == 'k' ? "K" : "V") + " layer " + std::to_string(l), {}, {}, {}, {}};
        for (std::size_t t = 0; t < first.size(); ++t) {
          double sum = 0;
          std::size_t n = 0;
          for (const auto* c : cells) {
            const auto& rows_of_cell = c->think.at(stat);
            if (t < rows_of_cell.size() && l < rows_of_cell[t].size() && !std::isnan(rows_of_cell[t][l])) {
              sum += rows_of_cell[t][l];
              ++n;
            }
          }
          s.x.push_back(static_cast<double>(t + 1));
          s.y.push_back(n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN());
        }
        series.push_back(std::move(s));
      }
    }
    plots.push_back(
        {"meta_gradient_" + file_safe(label) + ".svg", svg_line_plot(label + ": meta-gradient norm ||N_t - KV_{t-1}||",
                                                                     "Deep-Thinking step", "Frobenius norm", series)});
  }
  return plots;
}

std::vector<std::filesystem::path> write_report_plots(const std::vector<ReportPlot>& plots,
                                                      const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> written;
  std::filesystem::create_directories(dir);
  for (const auto& plot : plots) {
    write_file_atomically(dir / plot.file_name, plot.svg);
    written.push_back(dir / plot.file_name);
  }
  return written;
}

}  // namespace dt
