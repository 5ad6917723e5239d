// CellConfig: everything that defines one grid cell (one Deep-Thinking trajectory scored at chosen steps), and its
// identity: the resolved configuration as JSON plus a key, the SHA-256 of everything that can change its numbers
// (model files' identity, tokenizer files, task card contents, data files, seed, k, steps, optimizer and its
// hyper-parameters, dtype, int8 weights, query limit, scoring mode, dt version). Batch size, threads, device, attention
// kernel and tokens per forward do not enter the key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/config/meta_optimizer_spec.h"
#include "dt/config/stop_rules.h"
#include "dt/task/demo_variant.h"

namespace dt {

inline constexpr std::int64_t kMaxDemoOrder = 1023;

struct CellConfig {
  std::string model_name;  // a label for reports; defaults to the model directory's name
  std::filesystem::path model_dir;
  std::filesystem::path tokenizer_dir;  // empty = model_dir
  std::filesystem::path task_card;
  std::filesystem::path data_root;
  std::uint64_t seed = 0;
  std::int64_t k = 1;                    // 0: zero-shot (no demonstration, scored once)
  DemoVariant demos;                     // plain, repeat:R (scored once) or flipped
  std::string exemplars = "card";        // how the demonstrations are drawn: with_exemplar_method (task_card.h)
  std::int64_t demo_order = 0;           // the demonstrations in seeded order r (task/demo_orders.h); 0 = as drawn
  std::int64_t demo_max_tokens = 0;      // > 0: keep only the last N tokens of a longer demonstration (cell_tokens.h)
  std::int64_t steps = 1;                // T: think up to this step
  std::vector<std::int64_t> eval_steps;  // steps to score; empty = every step 1..T
  MetaOptimizerSpec optimizer;
  std::vector<StopRule> stop_rules;  // recorded in the result (where each would stop); not part of the cell key
  std::string stop;                  // the name of one of stop_rules that ends the trajectory early ("" = run to T)
  std::string dtype = "float32";
  std::string device = "cpu";
  std::int64_t batch_size = 32;
  std::int64_t max_queries = 0;    // score only the first N queries (0 = all)
  std::int64_t dev_queries = 0;    // a dev split of N pool rows inside the cell, scored after every step (0 = none)
  std::string scoring = "fast";    // "fast" or "reference" (the released code's batching)
  std::string weights = "native";  // "native" or "int8" linear weights (dt/model/execution_options.h): in the key
  std::string attention = "auto";  // attention kernel: auto, matmul or fused (a run setting, not in the key)
  std::int64_t tokens_per_forward = 0;  // fast scoring's tokens per forward; 0 = chosen from the device (run setting)

  std::filesystem::path effective_tokenizer_dir() const { return tokenizer_dir.empty() ? model_dir : tokenizer_dir; }
  std::vector<std::int64_t> effective_eval_steps() const;  // sorted, unique, within 1..T
  const StopRule* stop_rule() const;                       // the rule `stop` names, or nullptr
  // A baseline that does not think (zero-shot, repeat:R): scored once, with no optimizer in its configuration.
  bool scored_once() const { return k == 0 || demos.kind == DemoVariant::Kind::Repeated; }
};

// Throws dt::Error naming `where` for impossible values (k < 1, steps < 1, eval step outside 1..T, ...).
void validate_cell_config(const CellConfig& config, const std::string& where);

// Identity of inputs, computed once per model / tokenizer / task / data file and reused across cells.
nlohmann::json model_identity(const std::filesystem::path& model_dir);
nlohmann::json file_identity(const std::filesystem::path& file);  // {"path", "size", "sha256"}
nlohmann::json tokenizer_identity(const std::filesystem::path& dir);

struct CellIdentity {
  nlohmann::json model, tokenizer, task_card, eval_data, pool_data;
};

// The full resolved configuration (paths, parameters and the identities) as stored in result files.
nlohmann::json resolved_config(const CellConfig& config, const CellIdentity& identity);
// resolved_config without the fields that only say where an input is (model.dir, tokenizer.dir, task.card,
// data.root, data.<split>.path, task.identity.path): the one list of them, for cell keys and for dt-report's rows.
nlohmann::json without_locations(nlohmann::json resolved);
// SHA-256 of the parts of resolved_config that can change results: without_locations, the run settings and the
// model's display name left out.
std::string cell_key(const nlohmann::json& resolved);

}  // namespace dt
