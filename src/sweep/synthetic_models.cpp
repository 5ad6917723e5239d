// prepare_synthetic_models: dt-mkmodel's generator driven by the sweep configuration, regenerating what a changed
// spec makes stale.
#include "dt/sweep/synthetic_models.h"

#include <cstdio>

#include "dt/synthetic/generation_temporaries.h"
#include "dt/synthetic/random_twin.h"
#include "dt/synthetic/synthetic_checkpoint.h"
#include "dt/util/error.h"

namespace dt {

SyntheticModelSpec resolved_generate_spec(const SweepModel& model) {
  auto spec = *model.generate;
  spec.tokenizer_texts = corpus_from_jsonl(model.tokenizer_corpus);
  return spec;
}

GeneratedState generated_model_state(const SweepModel& model) {
  return generated_state(resolved_generate_spec(model), model.dir);
}

namespace {

[[noreturn]] void fail_unrecorded(const SweepModel& model) {
  fail(model.dir.string(), std::string("exists without ") + kSpecRecordFile +
                               ", so the [models.generate] spec of model " + model.name +
                               " cannot be checked against it; remove it to regenerate");
}

[[noreturn]] void fail_unrecorded_control(const SweepModel& model) {
  fail(model.dir.string(), std::string("exists without ") + kControlRecordFile + ", so it cannot be checked as the " +
                               "random-init control of " + model.control_of.string() + "; remove it to regenerate");
}

}  // namespace

void check_synthetic_models(const SweepConfig& sweep) {
  for (const auto& model : sweep.models) {
    if (model.generate && generated_model_state(model) == GeneratedState::Unrecorded) fail_unrecorded(model);
    if (!model.control_of.empty() && std::filesystem::exists(model.dir) &&
        !std::filesystem::exists(model.dir / kControlRecordFile))
      fail_unrecorded_control(model);
  }
}

void prepare_synthetic_models(const SweepConfig& sweep, const Log& log) {
  for (const auto& model : sweep.models) {
    if (!model.generate) continue;
    if (const auto removed = remove_stale_generation_temporaries(model.dir))
      log.info("removed " + std::to_string(removed) + " temporaries of an interrupted generation of " +
               model.dir.string());
    const auto spec = resolved_generate_spec(model);
    switch (generated_state(spec, model.dir)) {
      case GeneratedState::Current: continue;
      case GeneratedState::Unrecorded: fail_unrecorded(model);
      case GeneratedState::Missing:
        write_synthetic_checkpoint(spec, model.dir);
        std::printf("[sweep] generated synthetic model %s (%s) in %s\n", model.name.c_str(), spec.arch.c_str(),
                    model.dir.c_str());
        log.info("generated synthetic model " + model.name + " in " + model.dir.string());
        break;
      case GeneratedState::Changed:
        replace_synthetic_checkpoint(spec, model.dir);
        std::printf("[sweep] regenerated synthetic model %s in %s: its [models.generate] spec changed\n",
                    model.name.c_str(), model.dir.c_str());
        log.info("regenerated synthetic model " + model.name + " in " + model.dir.string() + " (spec changed)");
        break;
    }
  }
  prepare_controls(sweep, log);
}

GeneratedState control_state(const SweepModel& model) {
  if (!std::filesystem::exists(model.dir)) return GeneratedState::Missing;
  if (!std::filesystem::exists(model.control_of)) return GeneratedState::Changed;  // its source is generated first
  return random_twin_state(model.control_of, model.dir, kControlSeed);
}

void prepare_controls(const SweepConfig& sweep, const Log& log) {
  for (const auto& model : sweep.models) {
    if (model.control_of.empty()) continue;
    if (const auto removed = remove_stale_generation_temporaries(model.dir))
      log.info("removed " + std::to_string(removed) + " temporaries of an interrupted generation of " +
               model.dir.string());
    const auto state = control_state(model);
    if (state == GeneratedState::Current) continue;
    if (state == GeneratedState::Unrecorded) fail_unrecorded_control(model);
    std::filesystem::create_directories(model.dir.parent_path());
    write_random_twin(model.control_of, model.dir, kControlSeed);
    std::printf("[sweep] generated the random-init control %s of %s in %s\n", model.name.c_str(),
                model.control_of.c_str(), model.dir.c_str());
    log.info("generated the random-init control " + model.name + " in " + model.dir.string());
  }
}

}  // namespace dt
