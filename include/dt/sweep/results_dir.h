// ResultsDir: the layout of a sweep's output directory and the operations that keep results exactly-once.
//   cells/<model>/<task>/<cell>.h5   complete results (written under a temporary name, then renamed)
//   failed/<model>/<task>/<cell>.json   cells that failed every attempt, with their errors
//   stale/...                          results of another configuration or format version, set aside (never mixed in)
//   corrupt/...                        result files that failed verification (results/cell_file.h), set aside
//   attempts/<model>/<task>/<cell>.json  cells being run, written before they start (sweep/attempt_ledger.h)
//   logs/rank-<r>.log                  one log per rank
//   sweep.json                         the grid: every cell's id, key and resolved configuration
//   .dt-sweep.lock                     held (flock) by the coordinator while a sweep runs
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace dt {

class ResultsDir {
 public:
  // Creates cells/, logs/, failed/ and attempts/ (OutputError when the directory is not writable): only once the whole
  // sweep has been validated.
  explicit ResultsDir(std::filesystem::path root);
  ~ResultsDir();
  ResultsDir(const ResultsDir&) = delete;
  ResultsDir& operator=(const ResultsDir&) = delete;

  const std::filesystem::path& root() const { return root_; }

  // Exclusive lock for this process's lifetime (released by the kernel if it dies); throws dt::Error when another
  // sweep holds it.
  void lock();
  // Deletes temporaries left by killed processes; returns how many were removed. Only call while holding the lock.
  std::size_t remove_orphans();
  // Moves `file` (inside root) to <place>/ (stale or corrupt) under its relative path with a time stamp; returns
  // where it went.
  std::filesystem::path set_aside(const std::filesystem::path& file, const std::string& place = "stale");

  void record_failure(const std::string& cell_id, const nlohmann::json& record);
  void clear_failure(const std::string& cell_id);
  void write_manifest(const nlohmann::json& manifest);
  std::filesystem::path log_file(int rank) const { return log_file(root_, rank); }
  static std::filesystem::path log_file(const std::filesystem::path& root, int rank);
  static std::filesystem::path attempts_dir(const std::filesystem::path& root) { return root / "attempts"; }

 private:
  std::filesystem::path root_;
  int lock_fd_ = -1;
};

}  // namespace dt
