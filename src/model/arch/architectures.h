// Constructors of the architecture files (src/model/arch/<arch>.cpp), used only by the registry, plus the
// small helpers every architecture file shares when reading its config.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../blocks.h"
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
std::unique_ptr<DecoderLM> make_mistral(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_qwen2(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_qwen3(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_phi3(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_gemma2(const Checkpoint& checkpoint, const ModelOptions& options);
std::unique_ptr<DecoderLM> make_gemma3_text(const Checkpoint& checkpoint, const ModelOptions& options);

// The names of the shape fields in an architecture's config.json (HF spells them per architecture); of each list
// the first name present is read. Empty `positions`: no position limit (ALiBi); empty `kv_heads`: one key/value head
// per query head; `head_dim`: the key of an explicit head width (when present, heads need not divide hidden).
struct ShapeKeys {
  std::vector<std::string> layers = {"num_hidden_layers"};
  std::vector<std::string> heads = {"num_attention_heads"};
  std::vector<std::string> hidden = {"hidden_size"};
  std::vector<std::string> positions = {"max_position_embeddings"};
  std::string kv_heads;
  std::string head_dim;
};

// Each architecture's config spellings of its shape (see ShapeKeys), defined in its file.
const ShapeKeys& gpt2_shape_keys();
const ShapeKeys& opt_shape_keys();
const ShapeKeys& llama_shape_keys();
const ShapeKeys& gpt_neo_shape_keys();
const ShapeKeys& gptj_shape_keys();
const ShapeKeys& bloom_shape_keys();
const ShapeKeys& gpt_neox_shape_keys();
// llama, mistral, qwen2, qwen3, phi3, gemma2, gemma3_text: HF's standard names with num_key_value_heads and head_dim.
const ShapeKeys& grouped_query_shape_keys();

// ModelInfo from the config: arch, dtype, device, bos / eos / pad ids, layers, heads (must divide hidden unless the
// head dim is explicit), key/value heads (must divide heads), head dim, vocabulary and positions; every size in
// [1, 2^40] (ModelConfig::get_size).
ModelInfo read_model_info(const Checkpoint& checkpoint, const ModelOptions& options, const ShapeKeys& keys);

// The input and output embeddings, {input, output}. Untied (config `tie_word_embeddings`, else the architecture's
// HF default): both are read. Tied: one matrix serves both, the one stored under the input name, else under the
// output name (converted checkpoints may keep only `lm_head.weight`, transformers#43159); errors name the checkpoint.
struct EmbeddingNames {
  std::string input, output;
};
std::pair<at::Tensor, at::Tensor> read_embeddings(const WeightReader& weights, const EmbeddingNames& names,
                                                  std::int64_t vocab, std::int64_t dim, bool tied_by_default);

at::TensorOptions tensor_options(const ModelOptions& options);

enum class Bias { None, Required, Optional };

// A linear layer's weight as make_linear takes it: float32 when the reader's linears are int8 (quantized from the
// stored values, not from their compute-dtype rounding), the compute dtype otherwise.
at::Tensor read_linear_weight(const WeightReader& weights, const std::string& name,
                              const std::vector<std::int64_t>& shape);
// A Linear of `weight` ([n_out, n_in]) and `bias`, its weight stored as weights.linears() says (execution_options.h).
blocks::Linear make_linear(const WeightReader& weights, const at::Tensor& weight, const at::Tensor& bias);

// An nn.Linear as HF stores it: weight [n_out, n_in] at `name.weight`, bias [n_out] at `name.bias`; make_linear's
// storage.
blocks::Linear read_linear(const WeightReader& weights, const std::string& name, std::int64_t n_in, std::int64_t n_out,
                           Bias bias);
// A LayerNorm of width d: weight and bias at `name.weight` / `name.bias`.
blocks::LayerNorm read_layer_norm(const WeightReader& weights, const std::string& name, std::int64_t d, double eps);

// Half-split rotary frequencies of `dim` dims with base `base`, scaled as the config says: transformers 5's
// `rope_parameters` (one object, or one per layer type: the entry named `layer_type` when present; its `rope_theta`
// replaces `base`), else, when `with_scaling` (Gemma 3's local layers have none), 4.x's `rope_scaling`. Types:
// absent or "default"; "linear" (factor >= 1); "llama3" (factor, low/high_freq_factor,
// original_max_position_embeddings); "longrope" (short_factor / long_factor of dim/2 numbers,
// original_max_position_embeddings, attention_factor). Others are an error naming the key (src/model/arch/
// rope_scaling.cpp).
blocks::Rotary read_rotary(const ModelConfig& config, std::int64_t dim, double base, bool with_scaling = true,
                           const std::string& layer_type = "full_attention");

// Per layer, the sliding window of a config: `layer_types` ("sliding_attention" / "full_attention") when given, else
// `is_sliding(layer)`; sliding layers get `window` (0 = none: every layer attends fully). Errors name the key.
std::vector<std::int64_t> layer_windows(const ModelConfig& config, std::int64_t num_layers, std::int64_t window,
                                        bool (*is_sliding)(const ModelConfig&, std::int64_t layer));

}  // namespace dt::arch
