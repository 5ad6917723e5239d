// order_spread, sign_flip_p and their rendering (see order_spread.h).
#include "dt/report/order_spread.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <sstream>

#include "dt/report/report_render.h"

namespace dt {
namespace {

// A seed's accuracies across its orders.
struct SeedOrders {
  std::vector<double> icl, dt;
};

std::optional<double> accuracy_at(const CellSummary& cell, Score score, std::int64_t step) {
  const auto* correct = correct_at(cell, score, step);
  if (correct == nullptr || correct->empty()) return std::nullopt;
  return std::accumulate(correct->begin(), correct->end(), 0.0) / static_cast<double>(correct->size());
}

double std_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double sum = 0;
  for (const double x : v) sum += (x - mean) * (x - mean);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

OrderArm arm_over_seeds(const std::vector<std::vector<double>>& per_seed) {
  OrderArm arm;
  for (const auto& v : per_seed) {
    arm.mean += std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    arm.std += std_of(v);
    arm.min += *std::min_element(v.begin(), v.end());
    arm.max += *std::max_element(v.begin(), v.end());
  }
  const auto n = static_cast<double>(per_seed.size());
  return {arm.mean / n, arm.std / n, arm.min / n, arm.max / n};
}

// Per seed with all R orders: its ICL and DT accuracies (DT empty when a cell has no chosen step).
std::vector<SeedOrders> seeds_with_every_order(
    const Report& report, const ReportRow& row, const TaskEntry& entry,
    const std::map<std::uint64_t, std::map<std::int64_t, const CellSummary*>>& cells, std::int64_t orders) {
  std::vector<SeedOrders> out;
  for (const auto& [seed, by_order] : cells) {
    if (static_cast<std::int64_t>(by_order.size()) != orders) continue;
    SeedOrders s;
    bool dt_complete = !row.scored_once();
    for (const auto& [order, cell] : by_order) {
      if (const auto icl = accuracy_at(*cell, report.score, 1)) s.icl.push_back(*icl);
      const auto step = dt_complete ? chosen_dt_step(report, entry, *cell) : std::nullopt;
      const auto dt = step ? accuracy_at(*cell, report.score, *step) : std::nullopt;
      if (dt) s.dt.push_back(*dt);
      dt_complete = dt_complete && dt.has_value();
    }
    if (static_cast<std::int64_t>(s.icl.size()) != orders) continue;
    if (!dt_complete) s.dt.clear();
    out.push_back(std::move(s));
  }
  return out;
}

OrderSpreadEntry spread_entry(const ReportRow& row, const std::string& task, std::int64_t orders,
                              const std::vector<SeedOrders>& seeds) {
  OrderSpreadEntry e{&row, task, orders, static_cast<std::int64_t>(seeds.size()), {}, std::nullopt, 0, 0, std::nullopt};
  std::vector<std::vector<double>> icl, dt;
  std::vector<double> changes;
  for (const auto& s : seeds) {
    icl.push_back(s.icl);
    if (!s.dt.empty()) dt.push_back(s.dt);
  }
  e.icl = arm_over_seeds(icl);
  if (dt.size() != seeds.size()) return e;
  e.dt = arm_over_seeds(dt);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    changes.push_back(std_of(dt[i]) - std_of(icl[i]));
    if (changes.back() < 0) ++e.narrower;
  }
  e.std_change = std::accumulate(changes.begin(), changes.end(), 0.0) / static_cast<double>(changes.size());
  e.p = sign_flip_p(changes);
  return e;
}

std::string pct(double accuracy) { return percent_text(accuracy); }

std::string arm_text(const OrderArm& a) {
  return pct(a.mean) + " ± " + pct(a.std) + " [" + pct(a.min) + ", " + pct(a.max) + "]";
}

std::string change_text(const OrderSpreadEntry& e) {
  char text[64];
  std::snprintf(text, sizeof text, "%+.1f", 100 * e.std_change);
  return text;
}

std::string p_text(const std::optional<double>& p) {
  if (!p) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", *p);
  return text;
}

const char* kHowToRead =
    "Accuracy in percent over the R seeded orders of the same demonstrations (task/demo_orders.h): per seed the "
    "mean ± std (n - 1) [min, max] across orders, each averaged over the seeds that have every order. The std "
    "change is std(DT) - std(ICL) in points, averaged over seeds (negative: thinking narrows the spread); "
    "\"narrower\" counts the seeds where it is negative; p is the exact two-sided sign-flip test of that change over "
    "seeds.";

}  // namespace

std::optional<double> sign_flip_p(const std::vector<double>& differences) {
  const auto n = differences.size();
  if (n == 0) return 1.0;
  if (n > 20) return std::nullopt;
  const double observed = std::abs(std::accumulate(differences.begin(), differences.end(), 0.0));
  std::uint64_t extreme = 0;
  const std::uint64_t patterns = std::uint64_t{1} << n;
  for (std::uint64_t mask = 0; mask < patterns; ++mask) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += (mask >> i & 1) ? -std::abs(differences[i]) : std::abs(differences[i]);
    if (std::abs(sum) >= observed - 1e-12 * (1 + observed)) ++extreme;
  }
  return static_cast<double>(extreme) / static_cast<double>(patterns);
}

std::vector<OrderSpreadEntry> order_spread(const Report& report, const ResultSet& results) {
  // model, k, demos, optimizer, task -> seed -> order -> cell
  std::map<std::tuple<std::string, std::int64_t, std::string, std::string, std::string>,
           std::map<std::uint64_t, std::map<std::int64_t, const CellSummary*>>>
      cells;
  std::int64_t orders = 0;
  for (const auto& c : results.cells) {
    cells[{c.model, c.k, c.demos, c.optimizer, c.task}][c.seed][c.demo_order] = &c;
    orders = std::max(orders, c.demo_order + 1);
  }
  std::vector<OrderSpreadEntry> out;
  if (orders < 2) return out;
  for (const auto& row : report.rows)
    for (std::size_t t = 0; t < report.tasks.size(); ++t) {
      const auto found = cells.find({row.model, row.k, row.demos, row.optimizer, report.tasks[t]});
      if (found == cells.end() || !row.tasks[t]) continue;
      std::int64_t row_orders = 0;
      for (const auto& [seed, by_order] : found->second)
        row_orders = std::max(row_orders, static_cast<std::int64_t>(by_order.size()));
      if (row_orders < 2) continue;
      const auto seeds = seeds_with_every_order(report, row, *row.tasks[t], found->second, row_orders);
      if (!seeds.empty()) out.push_back(spread_entry(row, report.tasks[t], row_orders, seeds));
    }
  return out;
}

std::string render_order_spread_markdown(const Report& report, const std::vector<OrderSpreadEntry>& entries) {
  if (entries.empty()) return "";
  std::ostringstream out;
  out << "### Demonstration order (" << score_name(report.score) << ")\n\n"
      << "| row | task | orders × seeds | ICL | Deep-Thinking | std change | narrower | p |\n"
      << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& e : entries) {
    out << "| " << row_label(*e.row) << " | " << e.task << " | " << e.orders << " × " << e.seeds << " | "
        << arm_text(e.icl) << " | ";
    if (e.dt)
      out << arm_text(*e.dt) << " | " << change_text(e) << " | " << e.narrower << "/" << e.seeds << " | " << p_text(e.p)
          << " |\n";
    else
      out << "— | — | — | — |\n";
  }
  out << "\n" << kHowToRead << " " << report.protocol.describe() << "\n\n";
  return out.str();
}

std::string render_order_spread_latex(const Report& report, const std::vector<OrderSpreadEntry>& entries) {
  if (entries.empty()) return "";
  std::ostringstream out;
  out << "% Demonstration order (" << score_name(report.score) << ")\n\\begin{table}[t]\n\\centering\\small\n"
      << "\\begin{tabular}{llrllrrr}\n\\toprule\n"
      << "Row & Task & $R \\times n$ & ICL & Deep-Thinking & std change & narrower & $p$ \\\\\n\\midrule\n";
  for (const auto& e : entries) {
    out << latex_text(row_label(*e.row)) << " & " << latex_text(e.task) << " & " << e.orders << " $\\times$ " << e.seeds
        << " & " << latex_text(arm_text(e.icl)) << " & ";
    if (e.dt)
      out << latex_text(arm_text(*e.dt)) << " & " << change_text(e) << " & " << e.narrower << "/" << e.seeds << " & "
          << p_text(e.p) << " \\\\\n";
    else
      out << "--- & --- & --- & --- \\\\\n";
  }
  out << "\\bottomrule\n\\end{tabular}\n\\caption{"
      << latex_text(std::string(kHowToRead) + " " + report.protocol.describe()) << "}\n\\end{table}\n";
  return out.str();
}

}  // namespace dt
