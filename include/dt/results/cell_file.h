// The result file of one cell: HDF5, written under a temporary name and renamed when complete, readable with
// h5py and no custom code. Schema (docs/results-format.md has the full description):
//   /            attributes: format "dt-cell/1", key, config (resolved JSON), task, model, seed, k, steps, optimizer,
//                demo_pool_indices, eval_sample_indices, demonstration, demonstrations (plain, repeat:R or flipped),
//                demo_answers (the answers shown; demo_gold_answers too when flipped), demo_tokens, label_words,
//                versions, timings
//   /steps                           int64 [E]          the evaluated steps (ascending)
//   /queries/{eval_row,answer,num_choices}  int64 [Q]; /queries/{choice_tokens,choice_chars} int64 [Q, C]
//   /scores/{lm_log_p,norm_lm_log_p,char_norm,first_token_log_p}   float32 [E, Q, C] (NaN past the last choice)
//   /predictions/{lm_log_p,norm_lm_log_p,char_norm}                int64 [E, Q]
//   /accuracy/{lm_log_p,norm_lm_log_p,char_norm}                   float64 [E]
//   /queries/unconditional_log_p float32 [Q, C]; /scores/mutual_info, /predictions/mutual_info, /accuracy/mutual_info
//                (results/derived_scores.h; absent when the tokenizer has neither BOS nor EOS)
//   /queries/content_free_index int64 [Q]; /scores/content_free_log_p float32 [E, U, C]; /scores/calibrated,
//                /predictions/calibrated, /accuracy/calibrated (results/derived_scores.h; absent when the card's
//                prompt has no content-free form)
//   /think/step int64 [T]; /think/<statistic> float64 [T, layers] for every meta-gradient statistic
//   /dev/... (only with a dev split): steps int64 [D], queries/{pool_row,answer} int64 [Qd],
//            predictions/{lm_log_p,norm_lm_log_p,char_norm} int64 [D, Qd], accuracy/{...} float64 [D]
//   /            attributes stop_rules (JSON: every recorded stopping rule with the step it chose and whether it held)
//                and, when a rule ended the trajectory early, stopped (JSON: the rule and its step)
//   /            attribute checksum "sha256:<hex>" over all of the above (results/cell_checksum.h)
// and, in its first 512 bytes (an HDF5 user block), the seal: a digest of the whole file (results/cell_seal.h).
// A file is trusted (skipped on a rerun, read by dt-report and dt-compare) only when check_cell_file says so.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/results/cell_file_check.h"
#include "dt/results/cell_run.h"
#include "dt/task/cell_prompts.h"

namespace dt {

// What the file keeps of the cell's tokens (cell/cell_tokens.h holds the sequences themselves).
struct CellTokenCounts {
  std::int64_t demo_tokens = 0, query_tokens = 0, prompt_prefix_mismatches = 0;
  std::vector<std::vector<std::int64_t>> choice_tokens;  // per query, each choice's token count
  std::vector<std::int64_t> answers;                     // gold index per query
  std::vector<std::int64_t> dev_answers;                 // the dev split's gold indices (empty without one)
  std::int64_t content_free_queries = 0;                 // distinct content-free queries; 0: no calibrated score
  std::vector<std::int64_t> content_free_index;          // per query, the index of its content-free query
};

struct CellRecord {
  nlohmann::json config;  // resolved_config()
  std::string key;        // cell_key(config)
  std::string task, model;
  std::vector<std::string> label_words;  // classification tasks: the fixed choices
  const CellPrompts* prompts = nullptr;
  CellTokenCounts tokens;
  const CellRun* run = nullptr;
  std::string torch_version;
  // How the cell ran, beside the configuration's run settings: JSON with the device, the attention kernel and tokens
  // per forward actually used, and the weights (the "execution" attribute); empty: not written.
  std::string execution;
};

// Writes atomically and sealed: nothing appears under `path` unless the whole file was written.
void write_cell_file(const std::filesystem::path& path, const CellRecord& record);

}  // namespace dt
