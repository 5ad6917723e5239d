// select_demonstrations: the reference run's sampling order on one PythonRandom stream. Stratified groups keep pool
// order inside each label, and labels keep their order of first appearance, because `sample` and `shuffle` see
// exactly those sequences in the reference.
#include "dt/data/demo_selection.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "dt/data/python_random.h"
#include "dt/util/error.h"

namespace dt {
namespace {

struct LabelGroup {
  std::int64_t label;
  std::vector<std::int64_t> pool_indices;
};

std::vector<LabelGroup> group_by_label(const std::vector<std::int64_t>& pool_labels) {
  std::vector<LabelGroup> groups;
  std::unordered_map<std::int64_t, std::size_t> group_of_label;
  for (std::size_t row = 0; row < pool_labels.size(); ++row) {
    const std::int64_t label = pool_labels[row];
    const auto [found, inserted] = group_of_label.try_emplace(label, groups.size());
    if (inserted) groups.push_back({label, {}});
    groups[found->second].pool_indices.push_back(static_cast<std::int64_t>(row));
  }
  return groups;
}

}  // namespace

Selection select_demonstrations(const SelectionRequest& request) {
  const std::string where = "demonstration selection (seed " + std::to_string(request.seed) + ")";
  const auto pool_rows = static_cast<std::int64_t>(request.pool_labels.size());
  if (request.k < 0) fail(where, "k = " + std::to_string(request.k) + " is negative");
  if (request.eval_rows < 0) fail(where, "eval row count " + std::to_string(request.eval_rows) + " is negative");
  if (request.eval_sample_size < 0)
    fail(where, "eval sample size " + std::to_string(request.eval_sample_size) + " is negative");
  if (request.k > 0 && pool_rows == 0) fail(where, "the demonstration pool is empty");

  PythonRandom random(request.seed);
  Selection selection;
  if (request.eval_sample_size > 0) {
    selection.eval_sample_indices =
        random.sample(request.eval_rows, std::min(request.eval_sample_size, request.eval_rows));
  }

  if (request.fresh_stream_per_draw) random = PythonRandom(request.seed);
  if (!request.stratified) {
    if (request.k > pool_rows) {
      fail(where, "k = " + std::to_string(request.k) + " demonstrations requested from a pool of " +
                      std::to_string(pool_rows) + " rows");
    }
    selection.demo_pool_indices = random.sample(pool_rows, request.k);
    return selection;
  }

  const std::vector<LabelGroup> groups = group_by_label(request.pool_labels);
  if (request.label_count > 0 && static_cast<std::int64_t>(groups.size()) != request.label_count) {
    fail(where, "the pool has rows of " + std::to_string(groups.size()) + " of the task's " +
                    std::to_string(request.label_count) +
                    " labels; the later code would then draw the remaining shots from a Python set, whose order dt "
                    "does not reproduce");
  }
  for (const LabelGroup& group : groups) {
    const auto group_rows = static_cast<std::int64_t>(group.pool_indices.size());
    if (group_rows < request.k) {
      fail(where, "label " + std::to_string(group.label) + " has " + std::to_string(group_rows) +
                      " pool rows, fewer than k = " + std::to_string(request.k) + " demonstrations per label");
    }
  }
  for (const LabelGroup& group : groups) {
    const std::vector<std::int64_t> picked = random.sample(group.pool_indices, request.k);
    selection.demo_pool_indices.insert(selection.demo_pool_indices.end(), picked.begin(), picked.end());
  }
  random.shuffle(selection.demo_pool_indices);
  return selection;
}

}  // namespace dt
