// Helpers shared by the architecture files (see architectures.h).
#include <nlohmann/json.hpp>
#include <utility>

#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {

ModelInfo read_model_info(const Checkpoint& checkpoint, const ModelOptions& options, const ShapeKeys& keys) {
  const auto& config = checkpoint.config();
  ModelInfo info;
  info.arch = config.get_string("model_type");
  info.dtype = options.dtype;
  info.device = options.device;
  info.weights = options.weights;
  info.attention = resolve_attention_kernel(options.attention, options.device, checkpoint.dir().string());
  info.bos_token_id = config.find_token_id("bos_token_id");
  info.eos_token_id = config.find_token_id("eos_token_id");
  info.pad_token_id = config.find_token_id("pad_token_id");
  info.num_layers = config.get_size_any(keys.layers);
  info.num_heads = config.get_size_any(keys.heads);
  info.hidden_size = config.get_size_any(keys.hidden);
  const bool explicit_head_dim = !keys.head_dim.empty() && config.has(keys.head_dim);
  if (!explicit_head_dim && info.hidden_size % info.num_heads != 0)
    config.fail_key(keys.heads.front(), "must divide " + keys.hidden.front());
  info.num_kv_heads = keys.kv_heads.empty() ? info.num_heads : config.get_size(keys.kv_heads, info.num_heads);
  if (info.num_heads % info.num_kv_heads != 0) config.fail_key(keys.kv_heads, "must divide " + keys.heads.front());
  info.head_dim = explicit_head_dim ? config.get_size(keys.head_dim) : info.hidden_size / info.num_heads;
  info.vocab_size = config.get_size("vocab_size");
  info.max_positions = keys.positions.empty() ? 0 : config.get_size_any(keys.positions);
  // A token id past the vocabulary would index past the embedding (the pad id is fed when scoring pads sequences).
  // -1 means "none" (early LLaMA conversions write "pad_token_id": -1); any other negative id is refused.
  for (auto [key, id] : {std::pair{"bos_token_id", &info.bos_token_id}, std::pair{"eos_token_id", &info.eos_token_id},
                         std::pair{"pad_token_id", &info.pad_token_id}}) {
    if (*id == -1) id->reset();
    if (*id && (**id < 0 || **id >= info.vocab_size))
      config.fail_key(key, std::to_string(**id) + " is outside the vocabulary of " + std::to_string(info.vocab_size));
  }
  return info;
}

std::pair<at::Tensor, at::Tensor> read_embeddings(const WeightReader& weights, const EmbeddingNames& names,
                                                  std::int64_t vocab, std::int64_t dim, bool tied_by_default) {
  const auto& config = weights.checkpoint().config();
  if (!config.get_bool("tie_word_embeddings", tied_by_default))
    return {weights.get(names.input, {vocab, dim}), weights.get(names.output, {vocab, dim})};
  // Tied: transformers points the output layer at the input embedding, so a stored output copy is not used, and a
  // checkpoint may hold the shared matrix under either name.
  if (auto input = weights.get_optional(names.input, {vocab, dim}); input.defined()) return {input, input};
  if (auto output = weights.get_optional(names.output, {vocab, dim}); output.defined()) return {output, output};
  fail(weights.checkpoint().dir().string(), "missing tensor '" + weights.full_name(names.input) +
                                                "' (the tied input/output embedding; '" + names.output +
                                                "' is absent too)");
}

blocks::Linear read_linear(const WeightReader& weights, const std::string& name, std::int64_t n_in, std::int64_t n_out,
                           Bias bias) {
  at::Tensor b;
  if (bias == Bias::Required) b = weights.get(name + ".bias", {n_out});
  if (bias == Bias::Optional) b = weights.get_optional(name + ".bias", {n_out});
  return make_linear(weights, read_linear_weight(weights, name + ".weight", {n_out, n_in}), b);
}

at::Tensor read_linear_weight(const WeightReader& weights, const std::string& name,
                              const std::vector<std::int64_t>& shape) {
  if (weights.linears() == WeightPrecision::Native) return weights.get(name, shape);
  return weights.get(name, shape, at::kFloat);
}

blocks::Linear make_linear(const WeightReader& weights, const at::Tensor& weight, const at::Tensor& bias) {
  if (weights.linears() == WeightPrecision::Native) return {weight, bias, {}};
  return blocks::quantize_int8(weight, bias);
}

blocks::LayerNorm read_layer_norm(const WeightReader& weights, const std::string& name, std::int64_t d, double eps) {
  return {weights.get(name + ".weight", {d}), weights.get(name + ".bias", {d}), eps};
}

at::TensorOptions tensor_options(const ModelOptions& options) {
  return at::TensorOptions().dtype(options.dtype).device(options.device);
}

std::vector<std::int64_t> layer_windows(const ModelConfig& config, std::int64_t num_layers, std::int64_t window,
                                        bool (*is_sliding)(const ModelConfig&, std::int64_t layer)) {
  std::vector<std::int64_t> windows(static_cast<std::size_t>(num_layers), 0);
  if (config.has("layer_types")) {
    const auto& types = config.json()["layer_types"];
    if (!types.is_array() || static_cast<std::int64_t>(types.size()) != num_layers)
      config.fail_key("layer_types", "expected a list of " + std::to_string(num_layers) + " layer types");
    for (std::size_t l = 0; l < windows.size(); ++l) {
      const auto type = types[l].is_string() ? types[l].get<std::string>() : "";
      if (type != "sliding_attention" && type != "full_attention")
        config.fail_key("layer_types",
                        "unknown layer type " + types[l].dump() + " (sliding_attention or full_attention)");
      if (type == "sliding_attention") {
        if (window <= 0) config.fail_key("sliding_window", "a sliding_attention layer needs a window");
        windows[l] = window;
      }
    }
    return windows;
  }
  if (window > 0)
    for (std::int64_t l = 0; l < num_layers; ++l)
      if (is_sliding(config, l)) windows[static_cast<std::size_t>(l)] = window;
  return windows;
}

}  // namespace dt::arch
