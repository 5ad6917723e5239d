// Synthetic checkpoints: tiny random-weight models in the exact HF layout (config.json + model.safetensors, or
// shards + model.safetensors.index.json), so that the quick start, the smoke sweep and the tests run without a
// model hub. Weights ~ N(0, std), biases ~ N(0, 0.05), norm weights ~ 1 + N(0, 0.1), deterministic in the seed:
// every file of a generated directory, the tokenizer's too, is a function of the spec alone (byte for byte).
// The directory also holds the spec's record (spec_record.h).
//
// Generation happens in `<out>.tmp.<pid>` and ends with a rename; temporaries that killed generations left for the
// same `out` are removed first. Nothing is left behind on an error, and errors name `out`, never the temporary.
#pragma once

#include <filesystem>

#include "dt/config/synthetic_spec.h"
#include "dt/synthetic/tokenizer_corpus.h"

namespace dt {

// Writes the checkpoint into `out`. Throws dt::Error ("<out>: <field>: <problem>" for a spec problem) if `out`
// exists or the spec has a problem (find_spec_problem), before anything is allocated or written.
void write_synthetic_checkpoint(const SyntheticModelSpec& spec, const std::filesystem::path& out);

// Generates the checkpoint and swaps it with the existing directory `out` in one atomic step (renameat2's
// RENAME_EXCHANGE), then removes the old one: a reader sees the old model or the new one, never a mixture.
void replace_synthetic_checkpoint(const SyntheticModelSpec& spec, const std::filesystem::path& out);

}  // namespace dt
