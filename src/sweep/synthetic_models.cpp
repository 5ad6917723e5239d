// create_missing_synthetic_models: dt-mkmodel's generator driven by the sweep configuration.
#include "dt/sweep/synthetic_models.h"

#include <cstdio>

namespace dt {

void create_missing_synthetic_models(const SweepConfig& sweep, const Log& log) {
  for (const auto& model : sweep.models) {
    if (!model.generate || std::filesystem::exists(model.dir)) continue;
    auto spec = *model.generate;
    spec.tokenizer_texts = corpus_from_jsonl(model.tokenizer_corpus);
    write_synthetic_checkpoint(spec, model.dir);
    std::printf("[sweep] generated synthetic model %s (%s) in %s\n", model.name.c_str(), spec.arch.c_str(),
                model.dir.c_str());
    log.info("generated synthetic model " + model.name + " in " + model.dir.string());
  }
}

}  // namespace dt
