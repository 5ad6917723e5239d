// run_cell: think to T, score at the requested steps, time both stages.
#include "dt/cell/cell_runner.h"

#include <algorithm>
#include <chrono>

#include "dt/util/error.h"

namespace dt {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The dev split's accuracy (lm_log_p) per step run so far; empty without a dev split.
std::vector<double> dev_accuracy(const CellRun& run) {
  std::vector<double> out;
  for (const auto& e : run.dev) out.push_back(e.accuracy_lm_log_p);
  return out;
}

}  // namespace

CellRun run_cell(const DecoderLM& model, const CellTokens& tokens, const MetaOptimizerSpec& optimizer,
                 std::int64_t steps, const std::vector<std::int64_t>& eval_steps, const ScoringOptions& scoring,
                 const CellHooks& hooks, const StoppingPlan& stopping) {
  CellRun run;
  // Zero-shot with a tokenizer that adds nothing to an empty string: no demonstration, no thinking, no cache.
  const bool no_demonstration = tokens.demo_ids.empty();
  if (no_demonstration && steps != 1)
    throw Error("a cell without demonstration tokens is scored once: steps must be 1");
  std::optional<Thinker> thinker;
  if (!no_demonstration) thinker.emplace(model, tokens.demo_ids, optimizer, steps, tokens.demo_reorderings);
  const KVCache no_cache;
  const auto demo_length = static_cast<std::int64_t>(tokens.demo_ids.size());
  validate_choices(model, demo_length, tokens.queries);
  if (!tokens.content_free.empty()) validate_choices(model, demo_length, tokens.content_free);
  if (!tokens.dev.empty()) validate_choices(model, demo_length, tokens.dev);
  // dt's own scores (the dev split, the unconditional completions): always the fast mode, without progress (the
  // reference mode pads to the eval split's longest sequence)
  auto own_scoring = scoring;
  own_scoring.mode = ScoringMode::Fast;
  own_scoring.progress = nullptr;
  if (!tokens.unconditional.empty()) {
    const auto start = std::chrono::steady_clock::now();
    try {
      run.unconditional = score_choices(model, KVCache{}, tokens.unconditional, own_scoring);
    } catch (const Error& e) {
      throw Error(std::string("scoring the completions without context (mutual_info): ") + e.what());
    }
    run.score_seconds += seconds_since(start);
  }
  for (std::int64_t t = 1; t <= steps; ++t) {
    if (hooks.between_steps) hooks.between_steps();
    auto start = std::chrono::steady_clock::now();
    const auto& kv = thinker ? thinker->step() : no_cache;
    run.think_seconds += seconds_since(start);
    if (thinker) run.think.push_back(thinker->last_stats());
    if (!tokens.dev.empty()) {
      start = std::chrono::steady_clock::now();
      try {
        run.dev.push_back(evaluate_step(t, score_choices(model, kv, tokens.dev, own_scoring), tokens.dev_answers));
      } catch (const Error& e) {
        throw Error("scoring the dev split after step " + std::to_string(t) + ": " + e.what());
      }
      run.score_seconds += seconds_since(start);
    }
    bool stop_here = false;
    if (stopping.stop) {
      const auto decision = decide(*stopping.stop, step_signals(run.think, dev_accuracy(run)));
      stop_here = decision.triggered;
      if (stop_here) run.stopped = RuleOutcome{*stopping.stop, decision};
    }
    const bool score_stop_step = stop_here && run.stopped->decision.step == t;
    if (std::find(eval_steps.begin(), eval_steps.end(), t) == eval_steps.end() && !score_stop_step) {
      if (stop_here) break;
      continue;
    }
    start = std::chrono::steady_clock::now();
    auto options = scoring;
    if (hooks.on_progress) {
      hooks.on_progress(t, 0, tokens.queries.size());
      options.progress = [&](std::size_t done, std::size_t total) { hooks.on_progress(t, done, total); };
    }
    std::vector<QueryScores> scores;
    try {
      scores = score_choices(model, kv, tokens.queries, options);
    } catch (const Error& e) {
      throw Error("scoring after step " + std::to_string(t) + ": " + e.what());
    }
    run.evaluations.push_back(evaluate_step(t, std::move(scores), tokens.answers));
    if (!tokens.content_free.empty()) {
      try {
        run.evaluations.back().content_free = score_choices(model, kv, tokens.content_free, own_scoring);
      } catch (const Error& e) {
        throw Error("scoring the content-free queries (calibrated) after step " + std::to_string(t) + ": " + e.what());
      }
    }
    run.score_seconds += seconds_since(start);
    if (hooks.on_evaluation) hooks.on_evaluation(run.evaluations.back());
    if (stop_here) break;
  }
  const auto signals = step_signals(run.think, dev_accuracy(run));
  for (const auto& rule : stopping.record) run.rules.push_back({rule, decide(rule, signals)});
  return run;
}

}  // namespace dt
