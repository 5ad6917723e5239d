// What one cell's trajectory produced, as plain data: the scores of every query's choices at each evaluated step, the
// dev split's, the unconditional scores, the meta-gradient statistics and the stopping rules. cell/ fills it
// (run_cell); results/ stores it (write_cell_file). LibTorch-free.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "dt/config/stop_rules.h"
#include "dt/config/think_stats.h"

namespace dt {

struct QueryScores {
  std::vector<double> lm_log_p, norm_lm_log_p;  // float32 results, one per choice
  std::vector<double> first_token_log_p;        // log-prob of each choice's first token at the answer position
  int pred_lm_log_p = 0, pred_norm_lm_log_p = 0;
};

// Index of the largest value; the first index wins ties (as the reference's argmax).
int argmax_first(const std::vector<double>& values);

struct StepEvaluation {
  std::int64_t step = 0;
  std::vector<QueryScores> scores;
  std::vector<QueryScores> content_free;  // the cell's content-free queries with the same KV (empty without them)
  std::int64_t correct_lm_log_p = 0, correct_norm_lm_log_p = 0;
  double accuracy_lm_log_p = 0, accuracy_norm_lm_log_p = 0;
};

// Accuracy bookkeeping of one step's scores against the gold answers.
StepEvaluation evaluate_step(std::int64_t step, std::vector<QueryScores> scores,
                             const std::vector<std::int64_t>& answers);

struct CellRun {
  std::vector<StepStats> think;             // every step 1..T (1..the stop step when a rule stopped it)
  std::vector<StepEvaluation> evaluations;  // the requested steps, ascending
  std::vector<StepEvaluation> dev;          // the cell's dev split, after every step (empty without one)
  std::vector<QueryScores> unconditional;   // each query's completions scored once, with no cache
  double think_seconds = 0, score_seconds = 0;
  std::vector<RuleOutcome> rules;      // where each recorded rule would have stopped (over the steps run)
  std::optional<RuleOutcome> stopped;  // the rule that ended the trajectory early, and where
};

}  // namespace dt
