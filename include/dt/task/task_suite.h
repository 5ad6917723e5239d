// TaskSuite: a named set of task cards swept as one entry and aggregated as one benchmark (jobs/suites/*.toml):
//   name = "mmlu"   description = "..."
//   tasks = ["mmlu/abstract_algebra", ...]          # card paths relative to the jobs directory, without ".toml"
//   [[categories]]  name = "STEM"   tasks = ["abstract_algebra", ...]   # by card stem; each member in at most one
// A sweep names it as "suite:mmlu" in its tasks; dt-report averages its members (report/suite_table.h). Unknown or
// missing keys, a category member that is not a suite task, a task in two categories and repeated tasks are errors
// naming the file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dt {

struct TaskSuite {
  struct Category {
    std::string name;
    std::vector<std::string> tasks;  // card stems
  };
  std::filesystem::path file;
  std::string name, description;
  std::vector<std::string> tasks;  // card paths relative to the jobs directory, without ".toml"
  std::vector<Category> categories;

  std::vector<std::string> task_names() const;  // the cards' stems, which are the task names results carry
};

TaskSuite load_task_suite(const std::filesystem::path& file);

// Every *.toml in `dir`, by file name; an absent directory has none.
std::vector<TaskSuite> load_task_suites(const std::filesystem::path& dir);

inline constexpr const char* kSuitePrefix = "suite:";

}  // namespace dt
