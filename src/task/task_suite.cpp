// load_task_suite: TOML parsing and the membership checks.
#include "dt/task/task_suite.h"

#include <algorithm>
#include <set>

#include "dt/util/error.h"
#include "dt/util/toml_file.h"

namespace dt {
namespace {

std::vector<std::string> string_list(const toml::table& t, const std::string& key, const std::string& file) {
  const auto* node = t.get(key);
  if (node == nullptr || !node->is_array()) fail(file, "key '" + key + "': missing or not an array of strings");
  std::vector<std::string> out;
  for (const auto& item : *node->as_array()) {
    if (!item.is_string()) fail(file, "key '" + key + "': must be an array of strings");
    out.push_back(item.as_string()->get());
  }
  return out;
}

std::string text(const toml::table& t, const std::string& key, const std::string& file, bool required) {
  const auto* node = t.get(key);
  if (node == nullptr && !required) return "";
  if (node == nullptr || !node->is_string()) fail(file, "key '" + key + "': missing or not a string");
  return node->as_string()->get();
}

void only(const toml::table& t, const std::set<std::string>& allowed, const std::string& prefix,
          const std::string& file) {
  for (const auto& [key, node] : t)
    if (!allowed.count(std::string(key.str())))
      fail(file, "key '" + prefix + std::string(key.str()) + "': unknown key");
}

}  // namespace

std::vector<std::string> TaskSuite::task_names() const {
  std::vector<std::string> names;
  for (const auto& task : tasks) names.push_back(std::filesystem::path(task).filename().string());
  return names;
}

TaskSuite load_task_suite(const std::filesystem::path& file) {
  const auto where = file.string();
  if (!std::filesystem::is_regular_file(file)) fail(where, "task suite not found");
  const toml::table root = parse_toml_file(file);
  only(root, {"name", "description", "tasks", "categories"}, "", where);
  TaskSuite suite;
  suite.file = file;
  suite.name = text(root, "name", where, true);
  suite.description = text(root, "description", where, false);
  suite.tasks = string_list(root, "tasks", where);
  if (suite.tasks.empty()) fail(where, "key 'tasks': a suite needs at least one task");
  const auto names = suite.task_names();
  std::set<std::string> members;
  for (const auto& name : names)
    if (!members.insert(name).second) fail(where, "key 'tasks': task '" + name + "' is listed twice");
  if (const auto* categories = root.get("categories")) {
    if (!categories->is_array_of_tables()) fail(where, "key 'categories': must be [[categories]] tables");
    std::set<std::string> placed;
    for (const auto& node : *categories->as_array()) {
      const auto& table = *node.as_table();
      only(table, {"name", "tasks"}, "categories.", where);
      TaskSuite::Category category{text(table, "name", where, true), string_list(table, "tasks", where)};
      for (const auto& task : category.tasks) {
        if (!members.count(task))
          fail(where, "category '" + category.name + "': '" + task + "' is not one of the suite's tasks");
        if (!placed.insert(task).second)
          fail(where, "category '" + category.name + "': '" + task + "' is in two categories");
      }
      suite.categories.push_back(std::move(category));
    }
  }
  return suite;
}

std::vector<TaskSuite> load_task_suites(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(dir))
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<TaskSuite> suites;
  for (const auto& file : files) suites.push_back(load_task_suite(file));
  return suites;
}

}  // namespace dt
