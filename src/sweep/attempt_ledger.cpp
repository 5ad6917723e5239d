// AttemptLedger: one small JSON record per running cell; see attempt_ledger.h.
#include "dt/sweep/attempt_ledger.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "dt/util/atomic_output.h"
#include "dt/util/utc_time.h"

namespace dt {
namespace {

constexpr const char* kSuffix = ".json";

// The cell id a record's path under `dir` stands for ("model/task/cell"), or "" for a name that is not a record.
std::string cell_id_of(const std::filesystem::path& dir, const std::filesystem::path& file) {
  auto relative = std::filesystem::relative(file, dir).string();
  const std::string suffix = kSuffix;
  if (relative.size() <= suffix.size() || relative.compare(relative.size() - suffix.size(), suffix.size(), suffix) != 0)
    return "";
  return relative.substr(0, relative.size() - suffix.size());
}

std::filesystem::path record_of(const std::filesystem::path& dir, const std::string& cell_id) {
  return dir / (cell_id + kSuffix);
}

void write_record(const std::filesystem::path& dir, const std::string& cell_id, int starts) {
  const nlohmann::json content{{"id", cell_id}, {"starts", starts}, {"since", utc_timestamp()}};
  write_file_atomically(record_of(dir, cell_id), content.dump(2) + "\n");
}

int starts_in(const std::filesystem::path& file) {
  std::ifstream in(file);
  const auto record = nlohmann::json::parse(in, nullptr, false);
  if (record.is_object() && record.contains("starts") && record["starts"].is_number_integer())
    return std::max(1, record["starts"].get<int>());
  return 1;
}

}  // namespace

AttemptLedger::AttemptLedger(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) return;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_, ec)) {
    if (!entry.is_regular_file() || is_temporary_output_name(entry.path().filename().string())) continue;
    const auto id = cell_id_of(dir_, entry.path());
    if (!id.empty()) deaths_[id] = starts_in(entry.path());
  }
}

int AttemptLedger::deaths(const std::string& cell_id) const {
  const auto it = deaths_.find(cell_id);
  return it == deaths_.end() ? 0 : it->second;
}

void AttemptLedger::forget(const std::string& cell_id) {
  deaths_.erase(cell_id);
  std::error_code ignored;
  std::filesystem::remove(record_of(dir_, cell_id), ignored);
}

void AttemptLedger::starting(const std::string& cell_id) { write_record(dir_, cell_id, deaths(cell_id) + 1); }

void AttemptLedger::ended(const std::string& cell_id) {
  deaths_.erase(cell_id);
  std::error_code ignored;
  std::filesystem::remove(record_of(dir_, cell_id), ignored);
}

void RunningAttempt::set(const std::string& cell_id) noexcept {
  const std::lock_guard lock(mutex_);
  cell_id_ = cell_id;
  if (released_) release_locked();
}

void RunningAttempt::release() noexcept {
  const std::lock_guard lock(mutex_);
  released_ = true;
  release_locked();
}

void RunningAttempt::release_locked() noexcept {
  if (cell_id_.empty()) return;
  const auto file = record_of(dir_, cell_id_);
  std::error_code ignored;
  try {
    if (std::filesystem::exists(file)) {
      const int starts = starts_in(file);
      if (starts > 1)
        write_record(dir_, cell_id_, starts - 1);
      else
        std::filesystem::remove(file, ignored);
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): a record not restored counts one death too many, no more
  }
  cell_id_.clear();
}

}  // namespace dt
