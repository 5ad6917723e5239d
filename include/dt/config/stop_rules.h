// Label-free stopping rules: when to stop thinking, decided from the statistics every step already records
// (think_stats.h), so that a rule costs nothing to evaluate and can be evaluated again on any stored cell file.
// The signals of step t >= 2 (norms over every layer's K and V together):
//   relative_gradient_t = sqrt(sum_l ||g_t^K||^2 + ||g_t^V||^2) / sqrt(sum_l ||K_{t-1}||^2 + ||V_{t-1}||^2)
//   gradient_cosine_t   = the mean over layers and K/V of cos(g_t, g_{t-1})                      (t >= 3)
// Rules: relative_gradient (holds when relative_gradient_t < threshold: the update has become small) and
// gradient_cosine (holds when gradient_cosine_t > threshold: successive pseudo-gradients agree) stop at the first
// step where they hold, using that step's KV. dev_patience (threshold P, an integer >= 1) reads the accuracy
// (lm_log_p) on the cell's dev split: it holds at step t when the best dev accuracy so far (earliest on ties) is
// P or more steps old, and chooses that best step. A rule that never holds runs to the last step.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dt/config/think_stats.h"

namespace dt {

struct StopRule {
  enum class Kind { RelativeGradient, GradientCosine, DevPatience };
  std::string name;  // as sweep configs and dt-report --step rule:NAME name it
  Kind kind = Kind::RelativeGradient;
  double threshold = 0;

  std::string kind_name() const;   // "relative_gradient" / "gradient_cosine" / "dev_patience"
  std::string describe() const;    // "grad_small: relative_gradient < 0.01"
  nlohmann::json to_json() const;  // {"name", "kind", "threshold"}
};

// "relative_gradient" / "gradient_cosine"; throws dt::Error naming `where` (and listing the kinds) otherwise.
StopRule::Kind parse_stop_rule_kind(const std::string& kind, const std::string& where);
// What is wrong with a rule (an empty or unusual name, a threshold outside its kind's domain), or nothing.
std::optional<std::string> stop_rule_problem(const StopRule& rule);
// "NAME,KIND,THRESHOLD" as command lines write a rule; throws dt::Error naming `where`.
StopRule parse_stop_rule_text(const std::string& text, const std::string& where);
// The rule read back from to_json(); throws dt::Error naming `where`.
StopRule stop_rule_from_json(const nlohmann::json& json, const std::string& where);

struct StepSignals {
  std::int64_t step = 0;
  double relative_gradient = 0, gradient_cosine = 0;  // NaN where not defined (step 1; cosine at step 2)
  double dev_accuracy = 0;                            // NaN without a dev split
};

// One entry per step in `think` (ascending, starting at step 1); `dev_accuracy[i]` belongs to think[i] (shorter or
// empty: NaN).
std::vector<StepSignals> step_signals(const std::vector<StepStats>& think,
                                      const std::vector<double>& dev_accuracy = {});

struct StopDecision {
  std::int64_t step = 0;   // the step whose KV the rule chooses (where it first holds; dev_patience: the best dev
                           // step by then), else the last step
  std::int64_t at = 0;     // the step at which thinking can stop: where the rule first holds (dev_patience: P
                           // steps after its best step), else the last step; the compute the rule needs
  bool triggered = false;  // whether it held at all
};
StopDecision decide(const StopRule& rule, const std::vector<StepSignals>& signals);

struct RuleOutcome {
  StopRule rule;
  StopDecision decision;
};

}  // namespace dt
