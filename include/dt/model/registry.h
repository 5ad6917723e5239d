// load_model: opens an HF checkpoint directory and builds the DecoderLM its config.json `model_type` names.
// The table of architectures lives in src/model/registry.cpp: one line per architecture file.
#pragma once

#include <ATen/ATen.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dt/model/decoder.h"
#include "dt/model/execution_options.h"

namespace dt {

class Checkpoint;

struct ModelOptions {
  at::ScalarType dtype = at::kFloat;  // compute dtype: float32 on CPU; bfloat16 / float16 on CUDA
  at::Device device = at::kCPU;
  WeightPrecision weights = WeightPrecision::Native;  // execution_options.h
  AttentionKernel attention = AttentionKernel::Auto;
};

std::unique_ptr<DecoderLM> load_model(const std::filesystem::path& dir, const ModelOptions& options);
// The shape config.json declares (layers, heads, hidden size, key/value heads, vocabulary, positions with 0 = no
// limit, special token ids), read with the architecture's own key spellings and checks; no weight is loaded. Throws
// for an unsupported model_type, naming config.json.
ModelInfo read_model_shape(const Checkpoint& checkpoint);

// "float32" / "float16" / "bfloat16" (also "fp32", "fp16", "bf16"); throws naming `where` otherwise.
at::ScalarType parse_dtype_name(const std::string& name, const std::string& where);
std::string dtype_to_name(at::ScalarType dtype);

}  // namespace dt
