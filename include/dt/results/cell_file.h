// The result file of one cell: HDF5, written under a temporary name and renamed when complete, readable with
// h5py and no custom code. Schema (docs/results-format.md has the full description):
//   /            attributes: format "dt-cell/1", key, config (resolved JSON), task, model, seed, k, steps, optimizer,
//                demo_pool_indices, eval_sample_indices, demonstration, demo_tokens, label_words, versions, timings
//   /steps                           int64 [E]          the evaluated steps (ascending)
//   /queries/{eval_row,answer,num_choices}  int64 [Q]; /queries/choice_tokens int64 [Q, C]
//   /scores/{lm_log_p,norm_lm_log_p,first_token_log_p}   float32 [E, Q, C] (NaN past a query's last choice)
//   /predictions/{lm_log_p,norm_lm_log_p}                int64 [E, Q]
//   /accuracy/{lm_log_p,norm_lm_log_p}                   float64 [E]
//   /think/step int64 [T]; /think/<statistic> float64 [T, layers] for every meta-gradient statistic
//   /            attribute checksum "sha256:<hex>" over all of the above (results/cell_checksum.h)
// A file is trusted (skipped on a rerun, read by dt-report and dt-compare) only when check_cell_file says so.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/cell/cell_prompts.h"
#include "dt/cell/cell_runner.h"
#include "dt/cell/cell_tokens.h"

namespace dt {

inline constexpr const char* kCellFileFormat = "dt-cell/1";

struct CellRecord {
  nlohmann::json config;  // resolved_config()
  std::string key;        // cell_key(config)
  std::string task, model;
  std::vector<std::string> label_words;  // classification tasks: the fixed choices
  const CellPrompts* prompts = nullptr;
  const CellTokens* tokens = nullptr;
  const CellRun* run = nullptr;
  std::string torch_version;
};

// Writes atomically: nothing appears under `path` unless the whole file was written.
void write_cell_file(const std::filesystem::path& path, const CellRecord& record);

enum class CellFileState {
  Absent,        // no file at the path
  Verified,      // readable, and its stored checksum matches its contents
  Unverified,    // readable, but written before dt stored checksums: trusted, and reported as unverified
  OtherVersion,  // a dt cell file of another format version: never read
  Damaged,       // unreadable, not a dt cell file, or its checksum does not match: never trusted
};

struct CellFileCheck {
  CellFileState state = CellFileState::Absent;
  std::string key;      // Verified, Unverified
  std::string problem;  // OtherVersion, Damaged: what is wrong with the file (one line, without its path)
  bool trusted() const { return state == CellFileState::Verified || state == CellFileState::Unverified; }
};

// Reads the whole file (every dataset is decoded and hashed); never throws for a bad file.
CellFileCheck check_cell_file(const std::filesystem::path& path);

// Moves `file` into the directory `into` (created when missing) as `<name>.<unix time>[.<n>]`, never replacing a
// file already there; returns the new path. Results are set aside, never deleted.
std::filesystem::path set_aside_file(const std::filesystem::path& file, const std::filesystem::path& into);

}  // namespace dt
