// Constructors of the architecture files (src/model/arch/<arch>.cpp), used only by the registry, plus the
// small helpers every architecture file shares when reading its config.
#pragma once

#include <memory>

#include "dt/model/checkpoint.h"
#include "dt/model/decoder.h"
#include "dt/model/registry.h"

namespace dt::arch {

std::unique_ptr<DecoderLM> make_gpt2(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_opt(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_llama(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_gpt_neo(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_gptj(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_bloom(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_gpt_neox(const Checkpoint& checkpoint, const ModelOptions& options);

// Fills arch, dtype, device and the bos / eos / pad token ids from the config.
ModelInfo base_info(const Checkpoint& checkpoint, const ModelOptions& options);

// The output embedding: `lm_head.weight` (or `name`) when stored, else the input embedding when the config ties
// them (HF's default), else an error naming the checkpoint.
at::Tensor output_embedding(const WeightReader& weights, const at::Tensor& input_embedding, const std::string& name,
                            std::int64_t vocab, std::int64_t dim);

at::TensorOptions tensor_options(const ModelOptions& options);

// The position divisor of HF's `rope_scaling` (LLaMA, GPT-NeoX): 1 when absent; only {"type": "linear",
// "factor": x} is supported, anything else is an error naming the key.
double rope_position_scale(const ModelConfig& config);

}  // namespace dt::arch
