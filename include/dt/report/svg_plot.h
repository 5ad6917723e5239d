// A small SVG line-chart writer (no plotting library needed to look at dt's results): lines with markers, an
// optional shaded band per line (e.g. mean ± std), axes with ticks, a legend. NaN points are skipped.
#pragma once

#include <string>
#include <vector>

namespace dt {

struct PlotSeries {
  std::string label;
  std::vector<double> x, y;
  std::vector<double> low, high;  // optional band, same length as x
};

std::string svg_line_plot(const std::string& title, const std::string& x_label, const std::string& y_label,
                          const std::vector<PlotSeries>& series);

}  // namespace dt
