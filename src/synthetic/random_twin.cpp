// write_random_twin and its record (see random_twin.h).
#include "dt/synthetic/random_twin.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dt/config/cell_config.h"
#include "dt/io/safetensors.h"
#include "dt/io/weight_files.h"
#include "dt/synthetic/generation_temporaries.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr std::uint64_t kMaxBytes = std::uint64_t{8} << 30;

struct InitRules {
  double range = 0.02;
  std::int64_t layers = 1;
  bool gpt2 = false, zero_centred_norms = false;
};

InitRules init_rules(const std::filesystem::path& source) {
  std::ifstream in(source / "config.json");
  const auto config = nlohmann::json::parse(in, nullptr, false);
  if (!config.is_object()) fail((source / "config.json").string(), "not a JSON object");
  InitRules rules;
  for (const char* key : {"initializer_range", "init_std"})
    if (config.contains(key) && config[key].is_number()) rules.range = config[key].get<double>();
  const auto type = config.value("model_type", std::string());
  rules.gpt2 = type == "gpt2";
  rules.zero_centred_norms = type.starts_with("gemma");
  for (const char* key : {"n_layer", "num_hidden_layers"})
    if (config.contains(key) && config[key].is_number_integer()) rules.layers = config[key].get<std::int64_t>();
  return rules;
}

bool is_buffer(const std::string& name) {
  return name.ends_with("attn.bias") || name.ends_with("attn.masked_bias") || name.ends_with("inv_freq");
}

bool is_norm(const std::string& name) {
  return name.find("norm") != std::string::npos || name.find("ln_") != std::string::npos;
}

bool is_floating(StDType dtype) { return dtype == StDType::F32 || dtype == StDType::F16 || dtype == StDType::BF16; }

// A weight drawn from N(0, std): not a buffer, an integer tensor, a bias or a norm weight.
bool drawn(const StTensor& t) {
  return is_floating(t.dtype) && !is_buffer(t.name) && !t.name.ends_with("bias") && !is_norm(t.name);
}

at::ScalarType scalar_of(StDType dtype) {
  return dtype == StDType::F32 ? at::kFloat : dtype == StDType::F16 ? at::kHalf : at::kBFloat16;
}

// One tensor of the twin, drawn (or copied) by the rules above.
StTensorToWrite twin_tensor(const StTensor& t, const InitRules& rules, at::Generator& gen) {
  StTensorToWrite out{t.name, t.dtype, t.shape, {}};
  if (!is_floating(t.dtype) || is_buffer(t.name)) {
    out.bytes.assign(t.bytes.begin(), t.bytes.end());
    return out;
  }
  at::Tensor values;
  const auto options = at::TensorOptions().dtype(at::kFloat);
  if (t.name.ends_with("bias")) {
    values = at::zeros(t.shape, options);
  } else if (is_norm(t.name)) {
    values = rules.zero_centred_norms ? at::zeros(t.shape, options) : at::ones(t.shape, options);
  } else {
    const bool scaled = rules.gpt2 && t.name.ends_with("c_proj.weight");
    const double std = scaled ? rules.range / std::sqrt(2.0 * static_cast<double>(rules.layers)) : rules.range;
    values = at::randn(t.shape, gen, options) * std;
  }
  const auto cast = values.to(scalar_of(t.dtype)).contiguous();
  const auto* bytes = static_cast<const std::byte*>(cast.data_ptr());
  out.bytes.assign(bytes, bytes + cast.nbytes());
  return out;
}

std::vector<std::filesystem::path> weight_paths(const std::filesystem::path& source) {
  const auto weights = find_weight_files(source);
  if (weights.format != WeightFormat::Safetensors)
    fail(source.string(),
         "a random-init control needs safetensors weights, and this checkpoint has PyTorch files "
         "(save it with safe_serialization=True)");
  return weights.files;
}

// Every tensor of the twin; drawn weights whose bytes the source shares (ties) get the same values.
std::vector<StTensorToWrite> twin_tensors(const std::filesystem::path& source,
                                          const std::vector<std::filesystem::path>& weights, std::uint64_t seed) {
  std::vector<std::unique_ptr<SafetensorsFile>> files;
  std::map<std::string, const StTensor*> by_name;
  std::uint64_t total = 0;
  for (const auto& path : weights) {
    files.push_back(std::make_unique<SafetensorsFile>(path));
    for (const auto& t : files.back()->tensors()) {
      by_name[t.name] = &t;
      total += t.bytes.size();
    }
  }
  if (total > kMaxBytes)
    fail(source.string(), "a random-init control of " + std::to_string(total >> 20) +
                              " MiB of weights is larger than the 8 GiB dt generates");
  const auto rules = init_rules(source);
  auto gen = at::detail::createCPUGenerator(seed);
  std::vector<StTensorToWrite> out;
  std::vector<const StTensor*> sources;  // aligned with out
  for (const auto& [name, t] : by_name) {
    std::size_t tied = 0;
    while (tied < sources.size() && !(drawn(*t) && drawn(*sources[tied]) && sources[tied]->dtype == t->dtype &&
                                      sources[tied]->shape == t->shape && !t->bytes.empty() &&
                                      std::memcmp(sources[tied]->bytes.data(), t->bytes.data(), t->bytes.size()) == 0))
      ++tied;
    out.push_back(tied < sources.size() ? StTensorToWrite{name, t->dtype, t->shape, out[tied].bytes}
                                        : twin_tensor(*t, rules, gen));
    sources.push_back(t);
  }
  return out;
}

void copy_other_files(const std::filesystem::path& source, const std::filesystem::path& temp) {
  for (const auto& entry : std::filesystem::directory_iterator(source)) {
    const auto name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().extension() == ".safetensors" || entry.path().extension() == ".bin" ||
        name.ends_with(".index.json") || name == kControlRecordFile || name == kSpecRecordFile)
      continue;
    std::filesystem::copy_file(entry.path(), temp / name);
  }
}

}  // namespace

std::string random_twin_record(const std::filesystem::path& source, std::uint64_t seed) {
  const nlohmann::json record{{"control", "random-init"}, {"seed", seed}, {"source", model_identity(source)}};
  return record.dump() + "\n";
}

GeneratedState random_twin_state(const std::filesystem::path& source, const std::filesystem::path& out,
                                 std::uint64_t seed) {
  if (!std::filesystem::exists(out)) return GeneratedState::Missing;
  std::ifstream in(out / kControlRecordFile);
  if (!in) return GeneratedState::Unrecorded;
  std::stringstream text;
  text << in.rdbuf();
  return text.str() == random_twin_record(source, seed) ? GeneratedState::Current : GeneratedState::Changed;
}

void write_random_twin(const std::filesystem::path& source, const std::filesystem::path& out, std::uint64_t seed) {
  const auto weights = weight_paths(source);  // the one format it reads, before the record hashes the weights
  const auto record = random_twin_record(source, seed);
  remove_stale_generation_temporaries(out);
  const auto temp = generation_temp_dir(out);
  std::error_code ec;
  std::filesystem::remove_all(temp, ec);
  try {
    std::filesystem::create_directories(temp);
    copy_other_files(source, temp);
    write_safetensors(temp / "model.safetensors", twin_tensors(source, weights, seed));
    write_file_atomically(temp / kControlRecordFile, record);
  } catch (const std::exception& e) {
    std::filesystem::remove_all(temp, ec);
    fail(out.string(), std::string("cannot generate the random-init control: ") + e.what());
  }
  move_generated_into_place(temp, out);
}

}  // namespace dt
