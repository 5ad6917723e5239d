// Scheduler: which cell a worker gets next, with no MPI in sight (the coordinator drives it from messages; the
// scheduling simulation drives it with fake workers).
//  - Dynamic: cells are handed out one at a time to whichever worker asks.
//  - Locality: a worker is given cells of the model it has loaded while there are any; otherwise the model with the
//    most pending cells per worker already holding it, so models spread over workers and each worker loads few.
//  - Retries: a failed cell goes back to the queue (at most `max_attempts` attempts in all), preferably to a worker
//    it has not failed on; then it is recorded as failed.
//  - Interrupted cells (preemption) go back to the queue without counting as an attempt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dt {

class Scheduler {
 public:
  // `model_of_cell[i]`: the model of cell i; `already_done[i]`: complete before the sweep started.
  Scheduler(std::vector<std::string> model_of_cell, const std::vector<bool>& already_done, int max_attempts);

  // The next cell for `worker`, which currently holds `loaded_model` ("" for none); nullopt when nothing is
  // pending. Marks the cell running.
  std::optional<std::size_t> next(int worker, const std::string& loaded_model);
  void succeeded(std::size_t cell);
  // Returns true when the cell was queued again, false when it is now finally failed.
  bool failed(std::size_t cell, int worker);
  void interrupted(std::size_t cell);
  // Takes a pending cell out of the queue as finally failed (quarantined before the sweep started).
  void withhold(std::size_t cell);

  bool finished() const { return pending_count_ == 0 && running_.empty(); }
  std::size_t total() const { return models_.size(); }
  std::size_t done() const { return done_; }
  std::size_t skipped() const { return skipped_; }
  std::size_t failed_count() const { return failed_final_.size(); }
  std::size_t pending() const { return pending_count_; }
  std::size_t running() const { return running_.size(); }
  int attempts(std::size_t cell) const { return attempts_[cell]; }
  const std::set<std::size_t>& failed_cells() const { return failed_final_; }

 private:
  std::vector<std::string> models_;
  std::map<std::string, std::vector<std::size_t>> pending_;  // per model, in grid order (popped from the front)
  std::size_t pending_count_ = 0;
  std::set<std::size_t> running_;
  std::map<int, std::string> holding_;  // worker -> model it last reported
  std::vector<int> attempts_;
  std::vector<std::set<int>> failed_on_;
  std::set<std::size_t> failed_final_;
  std::size_t done_ = 0, skipped_ = 0;
  int max_attempts_;
  std::set<int> workers_seen_;
};

}  // namespace dt
