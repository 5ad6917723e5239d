// SuiteTable: a task suite (task/task_suite.h: MMLU's 57 subjects, BBH's 22 tasks) read as one benchmark, the way the
// paper's Table 3 reports it: per report row (model, k, demonstrations, optimizer), the mean over member tasks of the
// ICL and the Deep-Thinking accuracy per category and over the whole suite. Each member counts once (the unweighted,
// "macro" mean over tasks: the authors' runner records one accuracy per task, and the paper states no weighting), at
// the step the report's protocol chose for that task. Paired statistics over tasks: the tasks where Deep-Thinking is
// above, equal to and below ICL, and the two-sided sign test on them. Coverage: members with results / members.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dt/report/aggregate.h"
#include "dt/task/task_suite.h"

namespace dt {

struct SuiteAverage {
  std::optional<double> icl, dt;  // means over the members that have them
  std::int64_t found = 0, members = 0;
  std::int64_t better = 0, equal = 0, worse = 0;  // Deep-Thinking vs ICL, over members that have both
  std::optional<double> sign_test_p;              // two-sided exact sign test over better/worse (ties dropped)
  bool complete() const { return found == members; }
};

struct SuiteRow {
  const ReportRow* row = nullptr;
  std::vector<SuiteAverage> categories;  // aligned with SuiteTable::categories
  SuiteAverage all;
};

struct SuiteTable {
  std::string name, description;
  std::vector<std::string> categories;       // may be empty
  std::vector<std::string> members;          // task names, category by category, then the uncategorised ones
  std::vector<std::string> member_category;  // aligned with members ("" for none)
  std::vector<std::size_t> member_column;    // aligned with members: the task's index in Report::tasks, or npos
  std::vector<SuiteRow> rows;
};

// nullopt when no member of `suite` has results in `report`.
std::optional<SuiteTable> build_suite_table(const Report& report, const TaskSuite& suite);

// The report without the given tasks (their columns, traces and notes), averages recomputed over the rest: the main
// table once the suites' members are shown in their own tables.
Report without_tasks(const Report& report, const std::set<std::string>& tasks);

// Two-sided exact binomial test of `better` against `worse` (p = 1/2); 1 when both are 0.
double sign_test(std::int64_t better, std::int64_t worse);

}  // namespace dt
