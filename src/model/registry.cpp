// The architecture table and the dtype names.
#include "dt/model/registry.h"

#include <functional>
#include <map>

#include "arch/architectures.h"
#include "dt/model/device.h"
#include "dt/util/error.h"

namespace dt {
namespace {

struct Architecture {
  std::function<std::unique_ptr<DecoderLM>(const Checkpoint&, const ModelOptions&)> make;
  const arch::ShapeKeys& (*shape_keys)();
};

const std::map<std::string, Architecture>& architectures() {
  static const std::map<std::string, Architecture> table = {
      {"gpt2", {arch::make_gpt2, arch::gpt2_shape_keys}},
      {"opt", {arch::make_opt, arch::opt_shape_keys}},
      {"llama", {arch::make_llama, arch::llama_shape_keys}},
      {"gpt_neo", {arch::make_gpt_neo, arch::gpt_neo_shape_keys}},
      {"gptj", {arch::make_gptj, arch::gptj_shape_keys}},
      {"bloom", {arch::make_bloom, arch::bloom_shape_keys}},
      {"gpt_neox", {arch::make_gpt_neox, arch::gpt_neox_shape_keys}},
      {"mistral", {arch::make_mistral, arch::grouped_query_shape_keys}},
      {"qwen2", {arch::make_qwen2, arch::grouped_query_shape_keys}},
      {"qwen3", {arch::make_qwen3, arch::grouped_query_shape_keys}},
      {"phi3", {arch::make_phi3, arch::grouped_query_shape_keys}},
      {"gemma2", {arch::make_gemma2, arch::grouped_query_shape_keys}},
      {"gemma3_text", {arch::make_gemma3_text, arch::grouped_query_shape_keys}},
  };
  return table;
}

const Architecture& architecture_of(const Checkpoint& checkpoint) {
  const auto type = checkpoint.config().get_string("model_type");
  const auto& table = architectures();
  auto it = table.find(type);
  if (it == table.end()) {
    std::string known;
    for (const auto& [name, a] : table) known += (known.empty() ? "" : ", ") + name;
    fail(checkpoint.config().where(), "model_type '" + type + "' is not supported (supported: " + known + ")");
  }
  return it->second;
}

}  // namespace

std::unique_ptr<DecoderLM> load_model(const std::filesystem::path& dir, const ModelOptions& options) {
  Checkpoint checkpoint(dir);
  auto model = architecture_of(checkpoint).make(checkpoint, options);  // the weights' own problems first
  check_dtype_on_device(options.dtype, options.device, dir.string());
  return model;
}

ModelInfo read_model_shape(const Checkpoint& checkpoint) {
  return arch::read_model_info(checkpoint, {}, architecture_of(checkpoint).shape_keys());
}

at::ScalarType parse_dtype_name(const std::string& name, const std::string& where) {
  if (name == "float32" || name == "fp32") return at::kFloat;
  if (name == "float16" || name == "fp16") return at::kHalf;
  if (name == "bfloat16" || name == "bf16") return at::kBFloat16;
  if (name == "float64" || name == "fp64") return at::kDouble;
  fail(where, "unknown dtype '" + name + "' (float32, float16, bfloat16, float64)");
}

std::string dtype_to_name(at::ScalarType dtype) {
  switch (dtype) {
    case at::kFloat: return "float32";
    case at::kHalf: return "float16";
    case at::kBFloat16: return "bfloat16";
    case at::kDouble: return "float64";
    default: return c10::toString(dtype);
  }
}

}  // namespace dt
