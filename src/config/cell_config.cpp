// CellConfig validation, input identities, resolved configuration and cell key.
#include "dt/config/cell_config.h"

#include <algorithm>
#include <fstream>

#include "dt/io/safetensors.h"
#include "dt/io/torch_checkpoint_file.h"
#include "dt/io/weight_files.h"
#include "dt/util/error.h"
#include "dt/util/sha256.h"
#include "dt/version.h"

namespace dt {
namespace {

constexpr std::size_t kEdgeBytes = 64 << 10;  // bytes sampled at each end of every tensor

// The first and last 64 KiB of a tensor's bytes.
void hash_edges(Sha256& hash, std::span<const std::byte> data) {
  const auto n = data.size();
  const auto head = std::min(n, kEdgeBytes);
  hash.update(data.data(), head);
  const auto tail_start = std::max(head, n - std::min(n, kEdgeBytes));
  hash.update(data.data() + tail_start, n - tail_start);
}

// A weight file's identity without reading gigabytes: its size, every tensor's name, dtype and shape, and the
// first and last 64 KiB of every tensor's data.
nlohmann::json weights_identity(const std::filesystem::path& file) {
  SafetensorsFile st(file);
  Sha256 hash;
  for (const auto& t : st.tensors()) {
    hash.update(t.name).update(dtype_name(t.dtype));
    for (auto d : t.shape) hash.update(&d, sizeof d);
    hash_edges(hash, t.bytes);
  }
  return {
      {"file", file.filename().string()}, {"size", std::filesystem::file_size(file)}, {"sample_sha256", hash.hex()}};
}

// The same for a torch.save archive, whose tensors are views: strides and offset are hashed too, and the edges of
// the whole storage record.
nlohmann::json torch_weights_identity(const std::filesystem::path& file) {
  TorchCheckpointFile bin(file);
  Sha256 hash;
  for (const auto& t : bin.tensors()) {
    hash.update(t.name).update(dtype_name(t.dtype));
    for (auto d : t.shape) hash.update(&d, sizeof d);
    for (auto s : t.strides) hash.update(&s, sizeof s);
    hash.update(&t.storage_offset, sizeof t.storage_offset);
    hash_edges(hash, t.storage);
  }
  return {
      {"file", file.filename().string()}, {"size", std::filesystem::file_size(file)}, {"sample_sha256", hash.hex()}};
}

}  // namespace

const StopRule* CellConfig::stop_rule() const {
  for (const auto& rule : stop_rules)
    if (rule.name == stop) return &rule;
  return nullptr;
}

std::vector<std::int64_t> CellConfig::effective_eval_steps() const {
  std::vector<std::int64_t> out;
  if (eval_steps.empty()) {
    for (std::int64_t t = 1; t <= steps; ++t) out.push_back(t);
    return out;
  }
  out = eval_steps;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void validate_cell_config(const CellConfig& c, const std::string& where) {
  if (c.model_dir.empty()) fail(where, "no model directory given");
  if (c.task_card.empty()) fail(where, "no task card given");
  if (c.k < 0) fail(where, "k must be >= 0 (got " + std::to_string(c.k) + "; 0 is zero-shot)");
  if (c.k == 0 && !c.demos.plain()) fail(where, "demonstrations " + c.demos.name() + " need k >= 1 (k = 0 has none)");
  if (c.demo_order < 0 || c.demo_order > kMaxDemoOrder)
    fail(where, "the demonstration order must be 0 (as drawn) to " + std::to_string(kMaxDemoOrder) + " (got " +
                    std::to_string(c.demo_order) + ")");
  if (c.k == 0 && c.demo_order > 0) fail(where, "a demonstration order needs k >= 1 (k = 0 has no demonstrations)");
  if (c.scored_once() && c.steps != 1)
    fail(where, std::string(c.k == 0 ? "zero-shot (k = 0)" : "demonstrations " + c.demos.name()) +
                    " is a baseline scored once: steps must be 1 (got " + std::to_string(c.steps) + ")");
  if (c.scored_once() && (!c.stop_rules.empty() || c.dev_queries > 0))
    fail(where, "a baseline scored once has no steps to choose: no stopping rules and no dev split");
  if (c.scored_once() && !c.optimizer.estimator.released())
    fail(where, "a baseline scored once does not think: it takes no pseudo-gradient estimator (got " +
                    c.optimizer.estimator.name() + ")");
  if (c.steps < 1) fail(where, "steps must be >= 1 (got " + std::to_string(c.steps) + ")");
  for (auto t : c.eval_steps)
    if (t < 1 || t > c.steps)
      fail(where, "eval step " + std::to_string(t) + " is outside 1.." + std::to_string(c.steps));
  if (c.batch_size < 1) fail(where, "batch size must be >= 1");
  if (c.weights != "native" && c.weights != "int8")
    fail(where, "weights must be native or int8 (got '" + c.weights + "')");
  if (c.attention != "auto" && c.attention != "matmul" && c.attention != "fused")
    fail(where, "attention must be auto, matmul or fused (got '" + c.attention + "')");
  if (c.tokens_per_forward < 0) fail(where, "tokens per forward must be >= 0 (0: chosen from the device)");
  if (!is_exemplar_method(c.exemplars))
    fail(where, std::string("exemplars must be ") + kExemplarMethods + " (got '" + c.exemplars + "')");
  if (c.demo_max_tokens < 0) fail(where, "demo_max_tokens must be >= 0 (0 keeps every token)");
  if (c.max_queries < 0) fail(where, "max queries must be >= 0");
  if (c.dev_queries < 0) fail(where, "dev queries must be >= 0");
  if (c.scoring != "fast" && c.scoring != "reference") fail(where, "scoring must be \"fast\" or \"reference\"");
  validate_meta_optimizer(c.optimizer, where);
  for (std::size_t i = 0; i < c.stop_rules.size(); ++i) {
    if (const auto problem = stop_rule_problem(c.stop_rules[i])) fail(where, "stopping rule: " + *problem);
    for (std::size_t j = 0; j < i; ++j)
      if (c.stop_rules[j].name == c.stop_rules[i].name)
        fail(where, "two stopping rules are named '" + c.stop_rules[i].name + "'");
  }
  if (!c.stop.empty() && c.stop_rule() == nullptr) fail(where, "stop names no stopping rule '" + c.stop + "'");
  for (const auto& rule : c.stop_rules)
    if (rule.kind == StopRule::Kind::DevPatience && c.dev_queries == 0)
      fail(where, "stopping rule '" + rule.name + "' (dev_patience) reads the dev split: set dev_queries");
  if (c.dtype != "float32" && c.dtype != "float16" && c.dtype != "bfloat16" && c.dtype != "float64")
    fail(where, "dtype must be float32, float16, bfloat16 or float64 (got '" + c.dtype + "')");
}

nlohmann::json file_identity(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) fail(file.string(), "file not found");
  return {{"path", file.string()}, {"size", std::filesystem::file_size(file)}, {"sha256", sha256_file(file)}};
}

nlohmann::json model_identity(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), "checkpoint directory does not exist");
  if (!std::filesystem::is_regular_file(dir / "config.json"))
    fail(dir.string(), "no config.json in the checkpoint directory");
  nlohmann::json id{{"config_sha256", sha256_file(dir / "config.json")}, {"weights", nlohmann::json::array()}};
  const WeightFiles weights = find_weight_files(dir);
  if (weights.format == WeightFormat::Torch) {
    for (const auto& f : weights.files) id["weights"].push_back(torch_weights_identity(f));
    return id;
  }
  std::vector<std::filesystem::path> files;
  if (std::filesystem::exists(dir / "model.safetensors")) {
    files.push_back(dir / "model.safetensors");
  } else {
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".safetensors") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  }
  for (const auto& f : files) id["weights"].push_back(weights_identity(f));
  return id;
}

nlohmann::json tokenizer_identity(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir.string(), "tokenizer directory does not exist");
  nlohmann::json id = nlohmann::json::object();
  for (const char* name : {"tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json",
                           "special_tokens_map.json", "tokenizer.model"}) {
    if (std::filesystem::exists(dir / name)) id[name] = sha256_file(dir / name);
  }
  if (id.empty()) fail(dir.string(), "no tokenizer files (tokenizer.json, vocab.json + merges.txt or tokenizer.model)");
  return id;
}

nlohmann::json resolved_config(const CellConfig& c, const CellIdentity& identity) {
  auto optimizer = c.scored_once() ? nlohmann::json(nullptr) : c.optimizer.to_json();  // baselines do not think
  if (const auto* rule = c.stop_rule()) optimizer["stop"] = rule->to_json();           // it changes what is computed
  nlohmann::json resolved = {
      {"format", "dt-cell-config/1"},
      {"dt_version", kVersion},
      {"model", {{"name", c.model_name}, {"dir", c.model_dir.string()}, {"identity", identity.model}}},
      {"tokenizer", {{"dir", c.effective_tokenizer_dir().string()}, {"identity", identity.tokenizer}}},
      {"task", {{"card", c.task_card.string()}, {"identity", identity.task_card}}},
      {"data", {{"root", c.data_root.string()}, {"eval", identity.eval_data}, {"pool", identity.pool_data}}},
      {"seed", c.seed},
      {"k", c.k},
      {"steps", c.steps},
      {"eval_steps", c.effective_eval_steps()},
      {"optimizer", optimizer},
      {"dtype", c.dtype},
      {"max_queries", c.max_queries},
      {"scoring", c.scoring},
      {"run",
       {{"device", c.device},
        {"batch_size", c.batch_size},
        {"attention", c.attention},
        {"tokens_per_forward", c.tokens_per_forward}}},
  };
  // only when set, so that other cells keep their keys
  if (c.dev_queries > 0) resolved["dev_queries"] = c.dev_queries;
  if (!c.demos.plain()) resolved["demonstrations"] = c.demos.name();
  if (c.exemplars != "card") resolved["exemplars"] = c.exemplars;
  if (c.demo_max_tokens > 0) resolved["demo_max_tokens"] = c.demo_max_tokens;
  if (c.demo_order > 0) resolved["demo_order"] = c.demo_order;
  if (c.weights != "native") resolved["weights"] = c.weights;
  return resolved;
}

nlohmann::json without_locations(nlohmann::json resolved) {
  resolved["model"].erase("dir");
  resolved["tokenizer"].erase("dir");
  resolved["task"].erase("card");
  resolved["data"].erase("root");
  for (const char* split : {"eval", "pool"})
    if (resolved["data"][split].is_object()) resolved["data"][split].erase("path");
  resolved["task"]["identity"].erase("path");
  return resolved;
}

std::string cell_key(const nlohmann::json& resolved) {
  // Paths, the model's display name and run settings do not change results; identities and parameters do.
  nlohmann::json keyed = without_locations(resolved);
  keyed.erase("run");
  keyed["model"].erase("name");
  return sha256_hex(keyed.dump());
}

}  // namespace dt
