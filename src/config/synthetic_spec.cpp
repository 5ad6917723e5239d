// find_spec_problem and synthetic_size: every field's domain, then the weights' size, from the layouts' shapes
// (never from allocated tensors).
#include "dt/config/synthetic_spec.h"

#include <cmath>
#include <limits>

#include "dt/config/architecture_layouts.h"
#include "dt/config/modern_layouts.h"

namespace dt {
namespace {

// Every dimension stays an int32 so that the layouts' multiples of it (4 x hidden, positions + 2) cannot overflow.
constexpr std::int64_t kMaxDimension = std::numeric_limits<std::int32_t>::max();
constexpr int kMaxShards = 99999;  // model-0000k-of-0000n.safetensors has five digits

std::optional<std::uint64_t> checked_mul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// Parameters and tensors of a layout.
std::optional<SyntheticSize> layout_size(const Layout& layout) {
  SyntheticSize size;
  for (const auto& t : layout.tensors) {
    std::optional<std::uint64_t> n = 1;
    for (auto dim : t.shape) n = n ? checked_mul(*n, static_cast<std::uint64_t>(dim)) : n;
    if (!n || !(n = checked_add(size.parameters, *n))) return std::nullopt;
    size.parameters = *n;
    ++size.tensors;
  }
  return size;
}

std::uint64_t bytes_per_parameter(const std::string& disk_dtype) { return disk_dtype == "F32" ? 4 : 2; }

std::string architectures_text() {
  std::string out;
  for (const auto& a : synthetic_architectures()) out += (out.empty() ? "" : ", ") + a;
  return out;
}

std::string modern_architectures_text() {
  std::string out;
  for (const auto& [name, layout] : modern_layouts()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The dimension most above its default takes the blame for a model that is too large.
std::string largest_dimension(const SyntheticModelSpec& s) {
  const SyntheticModelSpec defaults;
  const std::vector<std::pair<std::string, double>> ratios = {
      {"layers", static_cast<double>(s.layers) / static_cast<double>(defaults.layers)},
      {"hidden", static_cast<double>(s.hidden) / static_cast<double>(defaults.hidden)},
      {"ffn", static_cast<double>(s.ffn) / static_cast<double>(4 * defaults.hidden)},
      {"vocab", static_cast<double>(s.vocab) / static_cast<double>(defaults.vocab)},
      {"positions", static_cast<double>(s.positions) / static_cast<double>(defaults.positions)}};
  auto best = ratios.front();
  for (const auto& r : ratios)
    if (r.second > best.second) best = r;
  return best.first;
}

std::optional<SpecProblem> dimension_problem(const SyntheticModelSpec& s) {
  const std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> ranges = {
      {"layers", s.layers, 1}, {"hidden", s.hidden, 1}, {"heads", s.heads, 1},        {"kv_heads", s.kv_heads, 0},
      {"ffn", s.ffn, 0},       {"vocab", s.vocab, 4},   {"positions", s.positions, 2}};
  for (const auto& [field, value, low] : ranges) {
    if (value < low)
      return SpecProblem{field, "must be at least " + std::to_string(low) + " (got " + std::to_string(value) + ")"};
    if (value > kMaxDimension)
      return SpecProblem{field,
                         "must be at most " + std::to_string(kMaxDimension) + " (got " + std::to_string(value) + ")"};
  }
  if (s.head_dim < 0 || s.head_dim > kMaxDimension)
    return SpecProblem{"head_dim", "must be between 0 and " + std::to_string(kMaxDimension) + " (got " +
                                       std::to_string(s.head_dim) + ")"};
  if (s.head_dim > 0 && !modern_layouts().contains(s.arch))
    return SpecProblem{"head_dim", "an explicit head_dim applies to " + modern_architectures_text() + " only"};
  if (s.head_dim == 0 && s.hidden % s.heads != 0)
    return SpecProblem{"heads", std::to_string(s.heads) + " heads do not divide hidden " + std::to_string(s.hidden)};
  if (s.kv_heads > 0 && s.heads % s.kv_heads != 0)
    return SpecProblem{"kv_heads",
                       std::to_string(s.kv_heads) + " key/value heads do not divide heads " + std::to_string(s.heads)};
  const bool rotary = s.arch != "gpt2" && !s.arch.starts_with("opt") && s.arch != "gpt_neo" && s.arch != "bloom";
  const auto head_dim = s.head_dim > 0 ? s.head_dim : s.hidden / s.heads;
  if (rotary && head_dim % 2 != 0)
    return SpecProblem{"heads", (s.head_dim > 0 ? "the head size " : "the head size hidden / heads = ") +
                                    std::to_string(head_dim) + " must be even for " + s.arch + "'s rotary embedding"};
  if (s.arch == "opt-350m" && s.hidden % 2 != 0)
    return SpecProblem{"hidden", "must be even for opt-350m (its embeddings are hidden / 2 wide; got " +
                                     std::to_string(s.hidden) + ")"};
  return std::nullopt;
}

}  // namespace

std::vector<std::string> synthetic_architectures() {
  std::vector<std::string> names;
  for (const auto& [name, f] : architecture_layouts()) names.push_back(name);
  return names;
}

std::optional<SyntheticSize> synthetic_size(const SyntheticModelSpec& spec) {
  // Every layer has the same tensors: the size is linear in the layer count, read off a one- and a two-layer layout.
  const auto& layout = architecture_layouts().at(spec.arch);
  auto one = spec, two = spec;
  one.layers = 1;
  two.layers = 2;
  const auto a = layout_size(layout(one)), b = layout_size(layout(two));
  if (!a || !b) return std::nullopt;
  const auto per_layer_parameters = b->parameters - a->parameters, per_layer_tensors = b->tensors - a->tensors;
  const auto layers = static_cast<std::uint64_t>(spec.layers - 1);
  SyntheticSize size;
  const auto extra = checked_mul(layers, per_layer_parameters);
  const auto parameters = extra ? checked_add(a->parameters, *extra) : extra;
  const auto bytes = parameters ? checked_mul(*parameters, bytes_per_parameter(spec.disk_dtype)) : parameters;
  if (!bytes) return std::nullopt;
  size.parameters = *parameters;
  size.bytes = *bytes;
  size.tensors = a->tensors + layers * per_layer_tensors;
  return size;
}

std::optional<SpecProblem> find_spec_problem(const SyntheticModelSpec& s) {
  if (!architecture_layouts().contains(s.arch))
    return SpecProblem{"arch", "unknown synthetic architecture '" + s.arch + "' (" + architectures_text() + ")"};
  if (auto problem = dimension_problem(s)) return problem;
  if (!std::isfinite(s.std) || s.std < 0) return SpecProblem{"std", "must be a finite number >= 0"};
  if (s.disk_dtype != "F32" && s.disk_dtype != "F16" && s.disk_dtype != "BF16")
    return SpecProblem{"disk_dtype", "must be F32, F16 or BF16 (got '" + s.disk_dtype + "')"};
  for (const auto& [field, id] : {std::pair<std::string, std::int64_t>{"bos_token_id", s.bos_token_id},
                                  {"eos_token_id", s.eos_token_id},
                                  {"pad_token_id", s.pad_token_id}})
    if (id >= s.vocab)
      return SpecProblem{field,
                         "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(s.vocab)};
  if (s.tokenizer_kind != "bpe" && s.tokenizer_kind != "sentencepiece")
    return SpecProblem{"tokenizer", "must be \"bpe\" or \"sentencepiece\" (got '" + s.tokenizer_kind + "')"};
  const auto size = synthetic_size(s);
  if (!size)
    return SpecProblem{largest_dimension(s), "the weights would need more than 2^64 bytes, over the limit of " +
                                                 std::to_string(kMaxSyntheticWeightBytes) +
                                                 " bytes for synthetic models"};
  if (size->bytes > kMaxSyntheticWeightBytes)
    return SpecProblem{largest_dimension(s), "the weights would need " + std::to_string(size->bytes) + " bytes (" +
                                                 std::to_string(size->parameters) + " parameters in " + s.disk_dtype +
                                                 "), over the limit of " + std::to_string(kMaxSyntheticWeightBytes) +
                                                 " bytes for synthetic models"};
  if (s.shards < 1 || s.shards > kMaxShards || static_cast<std::uint64_t>(s.shards) > size->tensors)
    return SpecProblem{"shards", "must be between 1 and the model's " +
                                     std::to_string(std::min<std::uint64_t>(size->tensors, kMaxShards)) +
                                     " tensors (got " + std::to_string(s.shards) + ")"};
  return std::nullopt;
}

}  // namespace dt
