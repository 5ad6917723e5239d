// run_cell: one Deep-Thinking trajectory of a cell. Thinks to step T once and scores every query's choices with
// the KV of each requested step (step 1 = plain ICL), so cells that differ only in T share one trajectory. The
// cell's dev split (CellTokens::dev), when it has one, is scored after every step of the same trajectory; the
// content-free queries (CellTokens::content_free) at every scored step, with the same KV.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "dt/cell/cell_tokens.h"
#include "dt/config/stop_rules.h"
#include "dt/model/decoder.h"
#include "dt/results/cell_run.h"
#include "dt/score/choice_scorer.h"
#include "dt/think/meta_optimizer.h"
#include "dt/think/thinker.h"

namespace dt {

// Stopping rules to record, and optionally one that ends the trajectory at the first step where it holds (that step
// is then scored too, whether or not it was requested; later requested steps are not).
struct StoppingPlan {
  std::vector<StopRule> record;
  std::optional<StopRule> stop;
};

struct CellHooks {
  std::function<void(const StepEvaluation&)> on_evaluation;  // after each evaluated step
  // While a step is scored: (step, queries done, queries), first with 0 done when the step's scoring starts.
  std::function<void(std::int64_t, std::size_t, std::size_t)> on_progress;
  std::function<void()> between_steps;  // may throw to abandon the cell (preemption)
};

CellRun run_cell(const DecoderLM& model, const CellTokens& tokens, const MetaOptimizerSpec& optimizer,
                 std::int64_t steps, const std::vector<std::int64_t>& eval_steps, const ScoringOptions& scoring,
                 const CellHooks& hooks = {}, const StoppingPlan& stopping = {});

}  // namespace dt
