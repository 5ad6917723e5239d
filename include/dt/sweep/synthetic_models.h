// Synthetic models of a sweep ([models.generate]) and its random-init controls ([sweep] controls): prepared on rank 0
// before any cell runs, so the smoke sweep and the quick start need no model hub. A missing model is generated; one
// generated from another spec (its recorded spec differs) is regenerated in place; a directory without a recorded spec
// is refused; temporaries of killed generations are removed.
#pragma once

#include <cstdint>

#include "dt/config/sweep_config.h"
#include "dt/synthetic/spec_record.h"
#include "dt/util/log.h"

namespace dt {

// The model's spec with its tokenizer texts read from its corpus files.
SyntheticModelSpec resolved_generate_spec(const SweepModel& model);

// How the directory of a model with [models.generate] stands against its spec.
GeneratedState generated_model_state(const SweepModel& model);

// Throws (one line naming the directory) when a generated model's directory exists without a recorded spec; run
// before the sweep creates anything.
void check_synthetic_models(const SweepConfig& sweep);

// Generates or regenerates every [models.generate] model, then every random-init control (prepare_controls).
void prepare_synthetic_models(const SweepConfig& sweep, const Log& log);

// The seed of every random-init control's weights (synthetic/random_twin.h).
inline constexpr std::uint64_t kControlSeed = 0;

// How a random-init control (SweepModel::control_of) stands: Missing, Current, Changed (its source changed, or is not
// generated yet) or Unrecorded.
GeneratedState control_state(const SweepModel& model);

// Generates every random-init control that is missing or stale, after the models they twin exist.
void prepare_controls(const SweepConfig& sweep, const Log& log);

}  // namespace dt
