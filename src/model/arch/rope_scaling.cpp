// read_rotary: a RoPE architecture's rotary frequencies from HF's `rope_scaling` (transformers 4.x) or
// `rope_parameters` (transformers 5: the scaling and rope_theta in one object, or one object per layer type), as
// transformers' modeling_rope_utils computes them (float32 throughout): default, linear, llama3 (Llama 3.1+) and
// longrope (Phi-3).
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "architectures.h"
#include "dt/util/error.h"

namespace dt::arch {
namespace {

using nlohmann::json;

// Where the scaling is read from: the config key (for errors) and its object.
struct RopeSource {
  std::string key;
  const json* params = nullptr;
};

double scaling_number(const ModelConfig& config, const RopeSource& source, const std::string& field) {
  const auto& scaling = *source.params;
  if (!scaling.contains(field) || !scaling[field].is_number())
    config.fail_key(source.key, "'" + field + "' must be a number");
  const double v = scaling[field].get<double>();
  if (!std::isfinite(v)) config.fail_key(source.key, "'" + field + "' must be finite");
  return v;
}

// Llama 3.1's frequency-dependent scaling: wavelengths above original/low_freq_factor are divided by `factor`, those
// below original/high_freq_factor kept, the band between interpolated smoothly.
at::Tensor llama3_inv_freq(const ModelConfig& config, const RopeSource& scaling, const at::Tensor& inv_freq) {
  const double factor = scaling_number(config, scaling, "factor");
  const double low = scaling_number(config, scaling, "low_freq_factor");
  const double high = scaling_number(config, scaling, "high_freq_factor");
  const double original = scaling_number(config, scaling, "original_max_position_embeddings");
  if (factor <= 0 || low <= 0 || high <= low || original <= 0)
    config.fail_key("rope_scaling",
                    "llama3 needs factor > 0, 0 < low_freq_factor < high_freq_factor and "
                    "original_max_position_embeddings > 0");
  const double low_freq_wavelen = original / low, high_freq_wavelen = original / high;
  const auto wavelen = 2 * M_PI / inv_freq;
  const auto scaled = at::where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq);
  const auto smooth = (original / wavelen - low) / (high - low);
  const auto smoothed = (1 - smooth) * scaled / factor + smooth * scaled;
  const auto medium = wavelen.ge(high_freq_wavelen).logical_and(wavelen.le(low_freq_wavelen));
  return at::where(medium, smoothed, scaled);
}

at::Tensor factor_list(const ModelConfig& config, const RopeSource& source, const std::string& field,
                       std::int64_t dim) {
  const auto& scaling = *source.params;
  if (!scaling.contains(field) || !scaling[field].is_array() ||
      static_cast<std::int64_t>(scaling[field].size()) != dim / 2)
    config.fail_key(source.key, "'" + field + "' must be a list of " + std::to_string(dim / 2) + " numbers");
  std::vector<float> values;
  for (const auto& v : scaling[field]) {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0)
      config.fail_key(source.key, "'" + field + "' must hold numbers > 0");
    values.push_back(v.get<float>());
  }
  return at::tensor(values, at::TensorOptions().dtype(at::kFloat));
}

// Phi-3's longrope: inv_freq = 1 / (factor_i * base^(2i/dim)) with the short factors, or the long ones for forwards
// past the original context; cos and sin scaled by sqrt(1 + ln(s) / ln(original)), s = max / original positions.
void longrope(const ModelConfig& config, const RopeSource& scaling, double base, blocks::Rotary& rotary) {
  std::int64_t original = config.get_size("max_position_embeddings");
  double ratio = 1.0;
  // Phi-3 keeps the pretrained length in original_max_position_embeddings (transformers 5: inside rope_parameters)
  // and takes the attention factor's scale from max / original rather than from `factor`.
  std::optional<std::int64_t> pretrained;
  if (config.has("original_max_position_embeddings"))
    pretrained = config.get_size("original_max_position_embeddings");
  else if (scaling.params->contains("original_max_position_embeddings"))
    pretrained = static_cast<std::int64_t>(scaling_number(config, scaling, "original_max_position_embeddings"));
  if (pretrained) {
    if (*pretrained < 1) config.fail_key(scaling.key, "original_max_position_embeddings must be >= 1");
    ratio = static_cast<double>(original) / static_cast<double>(*pretrained);
    original = *pretrained;
  } else if (scaling.params->contains("factor")) {
    ratio = scaling_number(config, scaling, "factor");
  }
  const auto shape = at::arange(0, rotary.dim, 2, at::TensorOptions().dtype(at::kLong)).to(at::kFloat) /
                     static_cast<double>(rotary.dim);
  const auto powers = at::pow(base, shape);
  rotary.inv_freq = 1.0 / (factor_list(config, scaling, "short_factor", rotary.dim) * powers);
  rotary.long_inv_freq = 1.0 / (factor_list(config, scaling, "long_factor", rotary.dim) * powers);
  rotary.long_from = original;
  if (scaling.params->contains("attention_factor") && !(*scaling.params)["attention_factor"].is_null())
    rotary.attention_scaling = scaling_number(config, scaling, "attention_factor");
  else if (ratio > 1.0)
    rotary.attention_scaling = std::sqrt(1 + std::log(ratio) / std::log(static_cast<double>(original)));
}

// Linear scaling divides positions by factor >= 1 (transformers refuses less; 1 is the identity).
double linear_factor(const ModelConfig& config, const RopeSource& source) {
  const double factor = scaling_number(config, source, "factor");
  if (factor < 1.0)
    config.fail_key(source.key, "factor must be a number >= 1, got " + (*source.params)["factor"].dump());
  return factor;
}

}  // namespace

blocks::Rotary read_rotary(const ModelConfig& config, std::int64_t dim, double base, bool with_scaling,
                           const std::string& layer_type) {
  RopeSource source;
  if (config.has("rope_parameters")) {
    const auto& all = config.json()["rope_parameters"];
    if (!all.is_object()) config.fail_key("rope_parameters", "expected an object");
    source = {"rope_parameters", all.contains(layer_type) ? &all[layer_type] : &all};
    if (!source.params->is_object()) config.fail_key("rope_parameters", "'" + layer_type + "' must be an object");
    if (source.params->contains("rope_theta")) base = scaling_number(config, source, "rope_theta");
    if (base <= 0) config.fail_key("rope_parameters", "'rope_theta' must be > 0");
  } else if (with_scaling && config.has("rope_scaling")) {
    source = {"rope_scaling", &config.json()["rope_scaling"]};
    if (!source.params->is_object()) config.fail_key("rope_scaling", "expected an object or null");
  }
  auto rotary = blocks::make_rotary(dim, base, blocks::RotaryStyle::HalfSplit);
  if (source.params == nullptr) return rotary;
  std::string type;
  for (const char* key : {"rope_type", "type"})
    if (type.empty() && source.params->contains(key) && (*source.params)[key].is_string())
      type = (*source.params)[key].get<std::string>();
  if (type.empty() || type == "default") return rotary;
  if (type == "linear") {
    rotary.position_scale = linear_factor(config, source);
    return rotary;
  }
  if (type == "llama3") {
    rotary.inv_freq = llama3_inv_freq(config, source, rotary.inv_freq);
    return rotary;
  }
  if (type == "longrope") {
    longrope(config, source, base, rotary);
    return rotary;
  }
  config.fail_key(source.key, "rope_type '" + type +
                                  "' is not supported (supported: default, linear, llama3, longrope; dt does not "
                                  "implement dynamic, yarn or other types)");
}

}  // namespace dt::arch
