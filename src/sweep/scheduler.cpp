// Scheduler: locality-aware dynamic assignment with retries.
#include "dt/sweep/scheduler.h"

#include <algorithm>

namespace dt {

Scheduler::Scheduler(std::vector<std::string> model_of_cell, const std::vector<bool>& already_done, int max_attempts)
    : models_(std::move(model_of_cell)),
      attempts_(models_.size(), 0),
      failed_on_(models_.size()),
      max_attempts_(std::max(1, max_attempts)) {
  for (std::size_t i = 0; i < models_.size(); ++i) {
    if (i < already_done.size() && already_done[i]) {
      ++done_;
      ++skipped_;
      continue;
    }
    pending_[models_[i]].push_back(i);
    ++pending_count_;
  }
}

std::optional<std::size_t> Scheduler::next(int worker, const std::string& loaded_model) {
  workers_seen_.insert(worker);
  holding_[worker] = loaded_model;
  if (pending_count_ == 0) return std::nullopt;
  std::string model;
  auto has_pending = [&](const std::string& m) {
    auto it = pending_.find(m);
    return it != pending_.end() && !it->second.empty();
  };
  if (!loaded_model.empty() && has_pending(loaded_model)) {
    model = loaded_model;
  } else {
    double best = -1;
    for (const auto& [m, cells] : pending_) {
      if (cells.empty()) continue;
      int holders = 0;
      for (const auto& [w, held] : holding_)
        if (w != worker && held == m) ++holders;
      const double score = static_cast<double>(cells.size()) / (1.0 + holders);
      if (score > best) {
        best = score;
        model = m;
      }
    }
  }
  auto& queue = pending_[model];
  // Prefer a cell this worker has not failed on; retries go to another rank when there is one.
  auto pick = std::find_if(queue.begin(), queue.end(), [&](std::size_t c) { return !failed_on_[c].count(worker); });
  if (pick == queue.end()) pick = queue.begin();
  const auto cell = *pick;
  queue.erase(pick);
  --pending_count_;
  running_.insert(cell);
  ++attempts_[cell];
  return cell;
}

void Scheduler::succeeded(std::size_t cell) {
  running_.erase(cell);
  ++done_;
}

bool Scheduler::failed(std::size_t cell, int worker) {
  running_.erase(cell);
  failed_on_[cell].insert(worker);
  if (attempts_[cell] >= max_attempts_) {
    failed_final_.insert(cell);
    return false;
  }
  pending_[models_[cell]].insert(pending_[models_[cell]].begin(), cell);
  ++pending_count_;
  return true;
}

void Scheduler::interrupted(std::size_t cell) {
  running_.erase(cell);
  --attempts_[cell];
  pending_[models_[cell]].insert(pending_[models_[cell]].begin(), cell);
  ++pending_count_;
}

}  // namespace dt

namespace dt {

void Scheduler::withhold(std::size_t cell) {
  auto& queue = pending_[models_[cell]];
  const auto it = std::find(queue.begin(), queue.end(), cell);
  if (it == queue.end()) return;
  queue.erase(it);
  --pending_count_;
  failed_final_.insert(cell);
}

}  // namespace dt
