// build_suite_table: macro means over a suite's members from the report's per-task entries.
#include "dt/report/suite_table.h"

#include <algorithm>
#include <cmath>

namespace dt {

double sign_test(std::int64_t better, std::int64_t worse) {
  const auto n = better + worse;
  if (n == 0) return 1.0;
  const auto tail = std::min(better, worse);
  double p = 0;
  for (std::int64_t i = 0; i <= tail; ++i)
    p += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) - n * std::log(2.0));
  return std::min(1.0, 2 * p);
}

namespace {

SuiteAverage average(const ReportRow& row, const std::vector<std::size_t>& columns) {
  SuiteAverage a;
  a.members = static_cast<std::int64_t>(columns.size());
  double icl = 0, dt = 0;
  std::int64_t icl_n = 0, dt_n = 0;
  for (const auto column : columns) {
    if (column == std::string::npos || !row.tasks[column]) continue;
    const auto& entry = *row.tasks[column];
    if (entry.icl.available()) {
      ++a.found;
      icl += entry.icl.mean;
      ++icl_n;
    }
    if (entry.dt.available()) {
      dt += entry.dt.mean;
      ++dt_n;
    }
    if (entry.icl.available() && entry.dt.available()) {
      if (entry.dt.mean > entry.icl.mean)
        ++a.better;
      else if (entry.dt.mean < entry.icl.mean)
        ++a.worse;
      else
        ++a.equal;
    }
  }
  if (icl_n > 0) a.icl = icl / static_cast<double>(icl_n);
  if (dt_n > 0) a.dt = dt / static_cast<double>(dt_n);
  if (a.better + a.worse + a.equal > 0) a.sign_test_p = sign_test(a.better, a.worse);
  return a;
}

}  // namespace

std::optional<SuiteTable> build_suite_table(const Report& report, const TaskSuite& suite) {
  SuiteTable table;
  table.name = suite.name;
  table.description = suite.description;
  const auto column_of = [&](const std::string& task) {
    const auto it = std::find(report.tasks.begin(), report.tasks.end(), task);
    return it == report.tasks.end() ? std::string::npos : static_cast<std::size_t>(it - report.tasks.begin());
  };
  for (const auto& category : suite.categories) {
    table.categories.push_back(category.name);
    auto tasks = category.tasks;
    std::sort(tasks.begin(), tasks.end());
    for (const auto& task : tasks) {
      table.members.push_back(task);
      table.member_category.push_back(category.name);
    }
  }
  auto names = suite.task_names();
  std::sort(names.begin(), names.end());
  for (const auto& task : names)
    if (std::find(table.members.begin(), table.members.end(), task) == table.members.end()) {
      table.members.push_back(task);
      table.member_category.push_back("");
    }
  for (const auto& task : table.members) table.member_column.push_back(column_of(task));
  if (std::all_of(table.member_column.begin(), table.member_column.end(),
                  [](std::size_t c) { return c == std::string::npos; }))
    return std::nullopt;
  for (const auto& row : report.rows) {
    SuiteRow suite_row{&row, {}, average(row, table.member_column)};
    for (const auto& category : table.categories) {
      std::vector<std::size_t> columns;
      for (std::size_t m = 0; m < table.members.size(); ++m)
        if (table.member_category[m] == category) columns.push_back(table.member_column[m]);
      suite_row.categories.push_back(average(row, columns));
    }
    if (suite_row.all.found == 0) continue;  // a row of other tasks (another k, say)
    table.rows.push_back(std::move(suite_row));
  }
  return table;
}

Report without_tasks(const Report& report, const std::set<std::string>& tasks) {
  Report out = report;
  out.tasks.clear();
  std::vector<bool> keep;
  for (const auto& task : report.tasks) {
    keep.push_back(!tasks.count(task));
    if (keep.back()) out.tasks.push_back(task);
  }
  std::vector<ReportRow> rows;
  for (auto& row : out.rows) {
    std::vector<std::optional<TaskEntry>> kept;
    for (std::size_t t = 0; t < keep.size(); ++t)
      if (keep[t]) kept.push_back(std::move(row.tasks[t]));
    row.tasks = std::move(kept);
    set_row_averages(row);
    // a row only the suites' tasks have (their own k, say) leaves the main table, unless results are missing there
    const auto prefix = row.model + " k=" + std::to_string(row.k) + " ";
    const bool missing = std::any_of(report.notes.begin(), report.notes.end(), [&](const std::string& note) {
      return note.rfind(prefix, 0) == 0 && std::any_of(out.tasks.begin(), out.tasks.end(),
                                                       [&](const std::string& t) { return note_is_about(note, t); });
    });
    if (missing || std::any_of(row.tasks.begin(), row.tasks.end(), [](const auto& e) { return e.has_value(); }))
      rows.push_back(std::move(row));
  }
  out.rows = std::move(rows);
  std::vector<std::string> notes;
  for (const auto& note : report.notes) {
    const bool about_member =
        std::any_of(tasks.begin(), tasks.end(), [&](const std::string& task) { return note_is_about(note, task); });
    if (!about_member) notes.push_back(note);
  }
  out.notes = std::move(notes);
  return out;
}

}  // namespace dt
