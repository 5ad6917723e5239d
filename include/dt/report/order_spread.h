// The demonstration-order table (the [sweep] `orders` axis, task/demo_orders.h): per report row and task, how much
// accuracy moves when the same demonstrations are shown in R seeded orders, for ICL (step 1) and for Deep-Thinking
// (the step the report chose for that row and task, or each cell's own step under rule:NAME). Per seed, over its R
// orders: mean, standard deviation (n - 1), min and max; the table gives each averaged over the seeds that have all
// R orders. Whether thinking narrows the spread: per seed d = std(DT) - std(ICL); the mean of d, the seeds where it is
// negative, and the two-sided exact sign-flip test over seeds (the share of the 2^n sign patterns of |d| whose mean
// is at least as far from 0 as the observed one; n <= 20, else no test). Rows scored once have the ICL half only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/report/result_set.h"

namespace dt {

struct OrderArm {
  double mean = 0, std = 0, min = 0, max = 0;  // each the mean over seeds of the per-seed value across orders
};

struct OrderSpreadEntry {
  const ReportRow* row = nullptr;
  std::string task;
  std::int64_t orders = 0, seeds = 0;  // R, and the seeds that have all R orders
  OrderArm icl;
  std::optional<OrderArm> dt;  // nullopt for rows scored once, or without a chosen step
  double std_change = 0;       // mean over seeds of std(DT) - std(ICL)
  std::int64_t narrower = 0;   // seeds where std(DT) < std(ICL)
  std::optional<double> p;     // the sign-flip test of std_change
};

// Entries for every row of `report` (built from shown_order_only(results)) and task with cells of 2 or more orders
// in `results` (every order); empty when the results have no order axis.
std::vector<OrderSpreadEntry> order_spread(const Report& report, const ResultSet& results);

// The exact two-sided sign-flip p-value of the mean of `differences` (1 for none; nullopt beyond 20 values).
std::optional<double> sign_flip_p(const std::vector<double>& differences);

// A Markdown section and a LaTeX table; both empty when `entries` is.
std::string render_order_spread_markdown(const Report& report, const std::vector<OrderSpreadEntry>& entries);
std::string render_order_spread_latex(const Report& report, const std::vector<OrderSpreadEntry>& entries);

}  // namespace dt
