// Which meta-optimizer updates the demonstration KV, its hyper-parameters, and the step scale of each layer, as
// command lines and sweep configs name them. LibTorch-free (configs include it); meta_optimizer.h builds the updates.
// The kinds, with g_t = N_t - KV_{t-1}, s_l the layer's scale, t counting updates from 1 (equations: meta_optimizer.h):
//   momentum    the released code;              parameters step_size (eps), momentum (beta)
//   gate        paper v3;                       eta
//   nesterov    look-ahead momentum;            step_size, momentum
//   adam        bias-corrected moments of g_t;  step_size, beta1, beta2, delta
//   normalized  a step of fixed relative size;  step_size, momentum
// The layer schedule picks the layers that are tuned ("all", "first:N", "last:N" or a list of indices) and ramps the
// scale linearly over depth, from `ramp_from` at layer 0 to `ramp_to` at the last layer; a layer that is not tuned
// keeps its KV (s_l = 0). The pseudo-gradient g_t itself comes from the spec's estimator (estimator_spec.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dt/config/estimator_spec.h"

namespace dt {

struct LayerSchedule {
  enum class Select { All, First, Last, List };
  Select select = Select::All;
  std::int64_t count = 0;             // First, Last
  std::vector<std::int64_t> indices;  // List, ascending, distinct
  double ramp_from = 1.0, ramp_to = 1.0;

  // s_l for `layer` of `layers`. Throws dt::Error when the selection names a layer the model does not have.
  double scale(std::int64_t layer, std::int64_t layers) const;
  std::string selection_text() const;  // "all", "first:2", "last:4", "0,3,5"
};

struct MetaOptimizerSpec {
  enum class Kind { Momentum, Gate, Nesterov, Adam, Normalized };
  Kind kind = Kind::Momentum;
  double step_size = 0.01;                          // eps: momentum, nesterov, adam, normalized
  double momentum = 0.9;                            // beta: momentum, nesterov, normalized
  double eta = 0.1;                                 // gate
  double beta1 = 0.9, beta2 = 0.999, delta = 1e-8;  // adam
  LayerSchedule layers;
  EstimatorSpec estimator;  // how g_t is estimated; released unless a sweep or --estimator says otherwise

  // "momentum(step_size=0.01,momentum=0.9)", "adam(step_size=0.001,beta1=0.9,beta2=0.999,delta=1e-08,layers=last:2)"
  std::string describe() const;
  // The form stored in cell configs (and so hashed into cell keys): the kind, its own parameters, and the schedule
  // and the estimator only when they are not the default, so that momentum and gate cells keep the keys they had
  // before schedules and estimators.
  nlohmann::json to_json() const;
  // The part of a grid cell's id: "mom0.01-0.9", "gate0.1", "adam0.001-0.9-0.999-1e-08", then "-last2", "-ramp0-1",
  // "-posm" (the estimator's grid id).
  std::string grid_id() const;
};

struct MetaOptimizerParameter {
  const char* name;
  double MetaOptimizerSpec::*member;
  double lowest;  // the domain: lowest < value (or <= when lowest_included) and value < highest (or <=)
  bool lowest_included;
  double highest;
  bool highest_included;
};

struct MetaOptimizerKind {
  MetaOptimizerSpec::Kind kind;
  const char* name;     // as configs write it
  const char* id_name;  // in grid cell ids
  std::vector<MetaOptimizerParameter> parameters;
};

// Every kind, in the order above.
const std::vector<MetaOptimizerKind>& meta_optimizer_kinds();
const MetaOptimizerKind& meta_optimizer_kind(MetaOptimizerSpec::Kind kind);
// Throws dt::Error naming `where` for a name that is no kind, listing the kinds.
MetaOptimizerSpec::Kind parse_meta_optimizer_kind(std::string_view name, const std::string& where);
// "all", "first:N", "last:N" (N >= 1), or indices "0,3,5"; throws dt::Error naming `where` otherwise.
LayerSchedule parse_layer_selection(const std::string& text, const std::string& where);
// What is wrong with `spec` (a parameter outside its domain, named with the domain; a negative ramp; a bad layer
// list), or nothing. validate_meta_optimizer throws it as a dt::Error naming `where`.
std::optional<std::string> meta_optimizer_problem(const MetaOptimizerSpec& spec);
void validate_meta_optimizer(const MetaOptimizerSpec& spec, const std::string& where);

}  // namespace dt
