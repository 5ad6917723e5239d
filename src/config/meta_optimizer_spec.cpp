// The meta-optimizer registry: kinds, parameters and their domains, layer schedules (see meta_optimizer_spec.h).
#include "dt/config/meta_optimizer_spec.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Spec = MetaOptimizerSpec;

std::string domain_text(const MetaOptimizerParameter& p) {
  if (p.highest == kInf) return std::string(p.lowest_included ? ">= " : "> ") + number_text(p.lowest);
  return std::string(p.lowest_included ? "[" : "(") + number_text(p.lowest) + ", " + number_text(p.highest) +
         (p.highest_included ? "]" : ")");
}

bool in_domain(const MetaOptimizerParameter& p, double v) {
  if (!std::isfinite(v)) return false;
  const bool above = p.lowest_included ? v >= p.lowest : v > p.lowest;
  const bool below = p.highest_included ? v <= p.highest : v < p.highest;
  return above && below;
}

}  // namespace

const std::vector<MetaOptimizerKind>& meta_optimizer_kinds() {
  static const MetaOptimizerParameter step{"step_size", &Spec::step_size, 0, false, kInf, false};
  static const MetaOptimizerParameter beta{"momentum", &Spec::momentum, 0, true, kInf, false};
  static const std::vector<MetaOptimizerKind> kinds = {
      {Spec::Kind::Momentum, "momentum", "mom", {step, beta}},
      {Spec::Kind::Gate, "gate", "gate", {{"eta", &Spec::eta, 0, false, 1, true}}},
      {Spec::Kind::Nesterov, "nesterov", "nest", {step, beta}},
      {Spec::Kind::Adam,
       "adam",
       "adam",
       {step,
        {"beta1", &Spec::beta1, 0, true, 1, false},
        {"beta2", &Spec::beta2, 0, true, 1, false},
        {"delta", &Spec::delta, 0, false, kInf, false}}},
      {Spec::Kind::Normalized, "normalized", "norm", {step, beta}},
  };
  return kinds;
}

const MetaOptimizerKind& meta_optimizer_kind(Spec::Kind kind) {
  for (const auto& k : meta_optimizer_kinds())
    if (k.kind == kind) return k;
  throw Error("internal: unregistered meta-optimizer kind");
}

Spec::Kind parse_meta_optimizer_kind(std::string_view name, const std::string& where) {
  std::string names;
  for (const auto& k : meta_optimizer_kinds()) {
    if (name == k.name) return k.kind;
    names += (names.empty() ? "" : ", ") + std::string(k.name);
  }
  fail(where, "unknown meta-optimizer '" + std::string(name) + "' (" + names + ")");
}

LayerSchedule parse_layer_selection(const std::string& text, const std::string& where) {
  LayerSchedule s;
  if (text == "all") return s;
  const auto colon = text.find(':');
  const auto head = text.substr(0, colon);
  if (colon != std::string::npos && (head == "first" || head == "last")) {
    const auto digits = text.substr(colon + 1);
    if (!digits.empty() && digits.size() <= 9 && digits.find_first_not_of("0123456789") == std::string::npos &&
        std::stoll(digits) >= 1) {
      s.select = head == "first" ? LayerSchedule::Select::First : LayerSchedule::Select::Last;
      s.count = std::stoll(digits);
      return s;
    }
  }
  // "0,3,5": a list of layer indices
  if (!text.empty() && text.find_first_not_of("0123456789,") == std::string::npos && text.front() != ',' &&
      text.back() != ',' && text.find(",,") == std::string::npos) {
    s.select = LayerSchedule::Select::List;
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto end = std::min(text.find(',', start), text.size());
      if (end - start > 9) break;
      s.indices.push_back(std::stoll(text.substr(start, end - start)));
      start = end + 1;
    }
    std::sort(s.indices.begin(), s.indices.end());
    if (start > text.size()) return s;
  }
  fail(where,
       "layers must be \"all\", \"first:N\", \"last:N\" (N >= 1) or layer indices \"0,3,5\", not " + quote_text(text));
}

double LayerSchedule::scale(std::int64_t layer, std::int64_t layers) const {
  const auto beyond = [&](const std::string& what) {
    throw Error("the meta-optimizer's layers = \"" + selection_text() + "\" " + what + " but the model has " +
                std::to_string(layers) + " layers (0.." + std::to_string(layers - 1) + ")");
  };
  bool tuned = true;
  switch (select) {
    case Select::All: break;
    case Select::First:
      if (count > layers) beyond("tunes " + std::to_string(count) + " layers");
      tuned = layer < count;
      break;
    case Select::Last:
      if (count > layers) beyond("tunes " + std::to_string(count) + " layers");
      tuned = layer >= layers - count;
      break;
    case Select::List:
      if (!indices.empty() && indices.back() >= layers) beyond("names layer " + std::to_string(indices.back()));
      tuned = std::binary_search(indices.begin(), indices.end(), layer);
      break;
  }
  if (!tuned) return 0.0;
  if (ramp_from == ramp_to) return ramp_from;
  const double depth = layers > 1 ? static_cast<double>(layer) / static_cast<double>(layers - 1) : 1.0;
  return ramp_from + (ramp_to - ramp_from) * depth;
}

std::string LayerSchedule::selection_text() const {
  switch (select) {
    case Select::All: return "all";
    case Select::First: return "first:" + std::to_string(count);
    case Select::Last: return "last:" + std::to_string(count);
    case Select::List: break;
  }
  std::string out;
  for (auto i : indices) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

std::string MetaOptimizerSpec::describe() const {
  const auto& k = meta_optimizer_kind(kind);
  std::string out = std::string(k.name) + "(";
  for (std::size_t i = 0; i < k.parameters.size(); ++i)
    out += (i ? "," : "") + std::string(k.parameters[i].name) + "=" + number_text(this->*(k.parameters[i].member));
  if (layers.select != LayerSchedule::Select::All) out += ",layers=" + layers.selection_text();
  if (layers.ramp_from != 1.0 || layers.ramp_to != 1.0)
    out += ",ramp=" + number_text(layers.ramp_from) + ".." + number_text(layers.ramp_to);
  if (!estimator.released()) out += ",estimator=" + estimator.name();
  return out + ")";
}

nlohmann::json MetaOptimizerSpec::to_json() const {
  const auto& k = meta_optimizer_kind(kind);
  nlohmann::json out{{"kind", k.name}};
  for (const auto& p : k.parameters) out[p.name] = this->*(p.member);
  if (layers.select == LayerSchedule::Select::List)
    out["layers"] = layers.indices;
  else if (layers.select != LayerSchedule::Select::All)
    out["layers"] = layers.selection_text();
  if (layers.ramp_from != 1.0 || layers.ramp_to != 1.0) out["ramp"] = {layers.ramp_from, layers.ramp_to};
  if (!estimator.released()) out["estimator"] = estimator.name();
  return out;
}

std::string MetaOptimizerSpec::grid_id() const {
  const auto& k = meta_optimizer_kind(kind);
  std::string out = k.id_name;
  for (std::size_t i = 0; i < k.parameters.size(); ++i)
    out += (i ? "-" : "") + number_text(this->*(k.parameters[i].member));
  if (layers.select == LayerSchedule::Select::List) {
    out += "-L";
    for (std::size_t i = 0; i < layers.indices.size(); ++i) out += (i ? "." : "") + std::to_string(layers.indices[i]);
  } else if (layers.select != LayerSchedule::Select::All) {
    out += "-" + std::string(layers.select == LayerSchedule::Select::First ? "first" : "last") +
           std::to_string(layers.count);
  }
  if (layers.ramp_from != 1.0 || layers.ramp_to != 1.0)
    out += "-ramp" + number_text(layers.ramp_from) + "-" + number_text(layers.ramp_to);
  if (!estimator.released()) out += "-" + estimator.grid_id();
  return out;
}

std::optional<std::string> meta_optimizer_problem(const MetaOptimizerSpec& spec) {
  const auto& k = meta_optimizer_kind(spec.kind);
  for (const auto& p : k.parameters) {
    const double v = spec.*(p.member);
    if (!in_domain(p, v))
      return std::string(k.name) + " " + p.name + " must be " + domain_text(p) + " (got " + number_text(v) + ")";
  }
  for (const double r : {spec.layers.ramp_from, spec.layers.ramp_to})
    if (!(std::isfinite(r) && r >= 0)) return "ramp scales must be finite and >= 0 (got " + number_text(r) + ")";
  if (spec.layers.select == LayerSchedule::Select::List) {
    if (spec.layers.indices.empty()) return std::string("layers: an empty list tunes no layer");
    for (std::size_t i = 0; i < spec.layers.indices.size(); ++i) {
      if (spec.layers.indices[i] < 0) return std::string("layers: indices must be >= 0");
      if (i > 0 && spec.layers.indices[i] <= spec.layers.indices[i - 1])
        return std::string("layers: indices must be ascending and distinct");
    }
  }
  if ((spec.layers.select == LayerSchedule::Select::First || spec.layers.select == LayerSchedule::Select::Last) &&
      spec.layers.count < 1)
    return std::string("layers: N must be >= 1");
  return std::nullopt;
}

void validate_meta_optimizer(const MetaOptimizerSpec& spec, const std::string& where) {
  if (const auto problem = meta_optimizer_problem(spec)) fail(where, *problem);
}

}  // namespace dt
