// Stopping rules (see stop_rules.h).
#include "dt/config/stop_rules.h"

#include <cmath>
#include <limits>

#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::string StopRule::kind_name() const {
  switch (kind) {
    case Kind::RelativeGradient: return "relative_gradient";
    case Kind::GradientCosine: return "gradient_cosine";
    case Kind::DevPatience: break;
  }
  return "dev_patience";
}

std::string StopRule::describe() const {
  if (kind == Kind::DevPatience) return name + ": no better dev accuracy for " + number_text(threshold) + " steps";
  return name + ": " + kind_name() + (kind == Kind::RelativeGradient ? " < " : " > ") + number_text(threshold);
}

nlohmann::json StopRule::to_json() const { return {{"name", name}, {"kind", kind_name()}, {"threshold", threshold}}; }

StopRule::Kind parse_stop_rule_kind(const std::string& kind, const std::string& where) {
  if (kind == "relative_gradient") return StopRule::Kind::RelativeGradient;
  if (kind == "gradient_cosine") return StopRule::Kind::GradientCosine;
  if (kind == "dev_patience") return StopRule::Kind::DevPatience;
  fail(where, "unknown stopping rule '" + kind + "' (relative_gradient, gradient_cosine, dev_patience)");
}

std::optional<std::string> stop_rule_problem(const StopRule& rule) {
  if (rule.name.empty() || rule.name.size() > 64 ||
      rule.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
          std::string::npos)
    return std::string("a rule's name must be 1 to 64 letters, digits, '_', '-' or '.'");
  if (rule.kind == StopRule::Kind::RelativeGradient && !(std::isfinite(rule.threshold) && rule.threshold > 0))
    return "relative_gradient threshold must be > 0 (got " + number_text(rule.threshold) + ")";
  if (rule.kind == StopRule::Kind::GradientCosine && !(rule.threshold >= -1 && rule.threshold < 1))
    return "gradient_cosine threshold must be in [-1, 1) (got " + number_text(rule.threshold) + ")";
  if (rule.kind == StopRule::Kind::DevPatience &&
      !(rule.threshold >= 1 && rule.threshold <= 1e6 && rule.threshold == std::floor(rule.threshold)))
    return "dev_patience threshold (the patience in steps) must be an integer >= 1 (got " +
           number_text(rule.threshold) + ")";
  return std::nullopt;
}

StopRule parse_stop_rule_text(const std::string& text, const std::string& where) {
  const auto first = text.find(',');
  const auto second = first == std::string::npos ? first : text.find(',', first + 1);
  if (second == std::string::npos)
    fail(where, "a rule is NAME,KIND,THRESHOLD (e.g. small,relative_gradient,0.01), not '" + text + "'");
  StopRule rule;
  rule.name = text.substr(0, first);
  rule.kind = parse_stop_rule_kind(text.substr(first + 1, second - first - 1), where);
  const auto number = text.substr(second + 1);
  std::size_t used = 0;
  try {
    rule.threshold = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != number.size()) fail(where, "threshold '" + number + "' is not a number");
  if (const auto problem = stop_rule_problem(rule)) fail(where, *problem);
  return rule;
}

StopRule stop_rule_from_json(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object() || !json.contains("name") || !json["name"].is_string() || !json.contains("kind") ||
      !json["kind"].is_string() || !json.contains("threshold") || !json["threshold"].is_number())
    fail(where, "a stopping rule must be {\"name\", \"kind\", \"threshold\"}");
  StopRule rule;
  rule.name = json["name"].get<std::string>();
  rule.kind = parse_stop_rule_kind(json["kind"].get<std::string>(), where);
  rule.threshold = json["threshold"].get<double>();
  if (const auto problem = stop_rule_problem(rule)) fail(where, *problem);
  return rule;
}

std::vector<StepSignals> step_signals(const std::vector<StepStats>& think, const std::vector<double>& dev_accuracy) {
  std::vector<StepSignals> out;
  for (std::size_t t = 0; t < think.size(); ++t) {
    StepSignals s{think[t].step, kNaN, kNaN, t < dev_accuracy.size() ? dev_accuracy[t] : kNaN};
    if (t > 0) {
      double gradient = 0, previous = 0, cosine = 0;
      std::size_t cosines = 0;
      const auto& layers = think[t].layers;
      for (std::size_t l = 0; l < layers.size() && l < think[t - 1].layers.size(); ++l) {
        const auto& now = layers[l];
        const auto& before = think[t - 1].layers[l];
        gradient += now.k_grad_norm * now.k_grad_norm + now.v_grad_norm * now.v_grad_norm;
        previous += before.k_norm * before.k_norm + before.v_norm * before.v_norm;
        for (const double c : {now.k_grad_cosine, now.v_grad_cosine})
          if (std::isfinite(c)) {
            cosine += c;
            ++cosines;
          }
      }
      if (previous > 0) s.relative_gradient = std::sqrt(gradient) / std::sqrt(previous);
      if (cosines > 0) s.gradient_cosine = cosine / static_cast<double>(cosines);
    }
    out.push_back(s);
  }
  return out;
}

StopDecision decide(const StopRule& rule, const std::vector<StepSignals>& signals) {
  StopDecision d;
  if (!signals.empty()) d.step = d.at = signals.back().step;
  std::optional<StepSignals> best;  // dev_patience: the best dev accuracy so far, earliest on ties
  for (const auto& s : signals) {
    switch (rule.kind) {
      case StopRule::Kind::RelativeGradient:  // comparisons with NaN are false: no stop where a signal is undefined
        if (s.relative_gradient < rule.threshold) return {s.step, s.step, true};
        break;
      case StopRule::Kind::GradientCosine:
        if (s.gradient_cosine > rule.threshold) return {s.step, s.step, true};
        break;
      case StopRule::Kind::DevPatience:
        if (std::isnan(s.dev_accuracy)) break;
        if (!best || s.dev_accuracy > best->dev_accuracy) best = s;
        if (static_cast<double>(s.step - best->step) >= rule.threshold) return {best->step, s.step, true};
        break;
    }
  }
  return d;
}

}  // namespace dt
