// The report's plots, written as SVG files into a directory:
//   accuracy_<task>_<score>.svg        accuracy vs Deep-Thinking step per task, one line per row (model, k,
//                                      demonstrations, optimizer), shaded ± std over seeds
//   meta_gradient_<row label>.svg      per row that thinks (not the baselines scored once): ||g_t|| of K and V per
//                                      layer vs step, mean over the row's cells
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/report/result_set.h"

namespace dt {

struct ReportPlot {
  std::string file_name;  // accuracy_<task>_<score>.svg, meta_gradient_<row label>.svg (unsafe characters: _)
  std::string svg;        // the whole SVG document
};

// Every plot of the report, in memory (report.html inlines them).
std::vector<ReportPlot> report_plots(const Report& report, const ResultSet& results);

// Writes `plots` (report_plots()) into `dir`; returns the files written.
std::vector<std::filesystem::path> write_report_plots(const std::vector<ReportPlot>& plots,
                                                      const std::filesystem::path& dir);

}  // namespace dt
