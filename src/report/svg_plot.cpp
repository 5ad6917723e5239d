// svg_line_plot: linear axes with "nice" ticks, a categorical colour cycle, and a canvas sized to its text: the
// legend column as wide as its longest label, as tall as its entries, the title wrapped onto as many lines as it needs.
#include "dt/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <string_view>

namespace dt {
namespace {

// The plot area is always kPlotWidth x kPlotHeight; the margins around it grow with the text.
constexpr double kPlotWidth = 450, kPlotHeight = 345, kLeft = 70, kMinRight = 200, kBottom = 55;
constexpr double kFontSize = 12, kTitleFontSize = 15, kTitleLine = 19, kLegendLine = 18;
const char* const kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

// A generous estimate of the width of `text` in sans-serif at `font_size` px, with no font metrics at hand: per
// character 0.65 em, 0.8 em for capitals and non-ASCII, 1 em for the widest letters. DejaVu Sans, the widest common
// sans-serif, draws Latin text narrower than this.
double text_width(const std::string& text, double font_size) {
  double em = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte
    if (std::string_view("MWmw@%").find(c) != std::string_view::npos)
      em += 1.0;
    else if ((c >= 'A' && c <= 'Z') || byte >= 0x80)
      em += 0.8;
    else
      em += 0.65;
  }
  return em * font_size;
}

// `text` broken at spaces into lines no wider than `width` (a word wider than that keeps a line of its own).
std::vector<std::string> wrap(const std::string& text, double width, double font_size) {
  std::vector<std::string> lines;
  std::istringstream words(text);
  std::string word, line;
  while (words >> word) {
    const std::string longer = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(longer, font_size) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = longer;
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v + 0.0);  // + 0.0 turns -0 into 0
  return buf;
}

// About five ticks at 1/2/5 x 10^n; at least 1 apart on an integer axis (steps).
std::vector<double> ticks(double lo, double hi, bool integers = false) {
  const double span = hi - lo;
  const double raw = integers ? std::max(1.0, span / 5) : span / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * magnitude) {
      step = m * magnitude;
      break;
    }
  std::vector<double> out;
  if (integers) step = std::max(1.0, std::round(step));
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push_back(t);
  return out;
}

}  // namespace

std::string svg_line_plot(const std::string& title, const std::string& x_label, const std::string& y_label,
                          const std::vector<PlotSeries>& series) {
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin, ymin = xmin, ymax = -xmin;
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (std::isnan(s.y[i])) continue;
      xmin = std::min(xmin, s.x[i]);
      xmax = std::max(xmax, s.x[i]);
      const double lo = s.low.empty() ? s.y[i] : s.low[i], hi = s.high.empty() ? s.y[i] : s.high[i];
      ymin = std::min({ymin, s.y[i], lo});
      ymax = std::max({ymax, s.y[i], hi});
    }
  if (!std::isfinite(xmin)) xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  if (xmax == xmin) xmax = xmin + 1;
  if (ymax == ymin) ymax = ymin + (ymin == 0 ? 1 : std::fabs(ymin) * 0.1);
  const double pad = (ymax - ymin) * 0.05;
  ymin -= pad;
  ymax += pad;
  double legend_text = 0;
  for (const auto& s : series) legend_text = std::max(legend_text, text_width(s.label, kFontSize));
  const double right = std::max(kMinRight, 36 + legend_text + 12);
  const double width = kLeft + kPlotWidth + right;
  const auto title_lines = wrap(title, width - 20, kTitleFontSize);
  const double top = 18 + kTitleLine * static_cast<double>(title_lines.size());
  const double legend_bottom = top + 14 + kLegendLine * static_cast<double>(series.size());
  const double height = std::max(top + kPlotHeight + kBottom, legend_bottom + 10);
  const double pw = kPlotWidth, ph = height - top - kBottom;
  auto px = [&](double x) { return kLeft + (x - xmin) / (xmax - xmin) * pw; };
  auto py = [&](double y) { return top + (1 - (y - ymin) / (ymax - ymin)) * ph; };

  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"sans-serif\" font-size=\"" << kFontSize << "\">\n";
  out << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (std::size_t i = 0; i < title_lines.size(); ++i)
    out << "<text x=\"" << width / 2 << "\" y=\"" << 22 + kTitleLine * static_cast<double>(i)
        << "\" text-anchor=\"middle\" font-size=\"" << kTitleFontSize << "\">" << escape(title_lines[i]) << "</text>\n";
  for (double t : ticks(ymin, ymax)) {
    out << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + pw << "\" y1=\"" << py(t) << "\" y2=\"" << py(t)
        << "\" stroke=\"#e5e5e5\"/>\n";
    out << "<text x=\"" << kLeft - 6 << "\" y=\"" << py(t) + 4 << "\" text-anchor=\"end\">" << num(t) << "</text>\n";
  }
  bool integer_x = true;
  for (const auto& s : series)
    for (double x : s.x) integer_x &= x == std::round(x);
  for (double t : ticks(xmin, xmax, integer_x)) {
    out << "<line x1=\"" << px(t) << "\" x2=\"" << px(t) << "\" y1=\"" << top + ph << "\" y2=\"" << top + ph + 5
        << "\" stroke=\"black\"/>\n";
    out << "<text x=\"" << px(t) << "\" y=\"" << top + ph + 18 << "\" text-anchor=\"middle\">" << num(t) << "</text>\n";
  }
  out << "<rect x=\"" << kLeft << "\" y=\"" << top << "\" width=\"" << pw << "\" height=\"" << ph
      << "\" fill=\"none\" stroke=\"black\"/>\n";
  out << "<text x=\"" << kLeft + pw / 2 << "\" y=\"" << height - 12 << "\" text-anchor=\"middle\">" << escape(x_label)
      << "</text>\n";
  out << "<text transform=\"translate(16," << top + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
      << escape(y_label) << "</text>\n";
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const char* colour = kColours[k % (sizeof kColours / sizeof kColours[0])];
    if (!s.low.empty()) {
      std::ostringstream band;
      for (std::size_t i = 0; i < s.x.size(); ++i)
        if (!std::isnan(s.high[i])) band << px(s.x[i]) << "," << py(s.high[i]) << " ";
      for (std::size_t i = s.x.size(); i-- > 0;)
        if (!std::isnan(s.low[i])) band << px(s.x[i]) << "," << py(s.low[i]) << " ";
      out << "<polygon points=\"" << band.str() << "\" fill=\"" << colour
          << "\" fill-opacity=\"0.15\" stroke=\"none\"/>\n";
    }
    std::ostringstream line;
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (!std::isnan(s.y[i])) line << px(s.x[i]) << "," << py(s.y[i]) << " ";
    out << "<polyline points=\"" << line.str() << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\"/>\n";
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (!std::isnan(s.y[i]))
        out << "<circle cx=\"" << px(s.x[i]) << "\" cy=\"" << py(s.y[i]) << "\" r=\"3\" fill=\"" << colour << "\"/>\n";
    const double ly = top + 14 + kLegendLine * static_cast<double>(k);
    out << "<line x1=\"" << kLeft + pw + 12 << "\" x2=\"" << kLeft + pw + 32 << "\" y1=\"" << ly << "\" y2=\"" << ly
        << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/>\n<text x=\"" << kLeft + pw + 36 << "\" y=\"" << ly + 4
        << "\">" << escape(s.label) << "</text>\n";
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace dt
