// SweepConfig: a grid of cells described in TOML (configs/*.toml). The grid is the cross product
//   models x tasks x seeds x shots x optimizers (each with its lists of hyper-parameters)
// and every grid point is ONE Deep-Thinking trajectory thought to the largest requested step and scored at every
// requested step: cells that differ only in the number of steps share it.
//
//   [sweep]
//   output = "runs/paper"          # result directory (relative to the working directory); --output overrides
//   checkpoints_root = "/models"   # model paths are relative to it (relative to this file when not absolute)
//   data_root = "../data/sample"   # task data (relative to this file when not absolute)
//   jobs_dir = "../jobs"           # task cards (default: ../jobs next to configs/)
//   tasks = ["sst2", "copa"]       seeds = [0, 1]       shots = [0, 1, 2]   # 0: zero-shot (one cell, scored once)
//                                  # "suite:mmlu" in tasks: every card of jobs/suites/mmlu.toml (task/task_suite.h)
//   task_shots = { "suite:mmlu" = [5], "suite:bbh" = [3] }   # shot counts of some tasks or suites instead of `shots`
//   demonstrations = ["plain", "repeat:2", "flipped"]   # the baselines (cell/demo_variant.h); default ["plain"]
//   orders = R          # every cell with demonstrations in R seeded orders (task/demo_orders.h), ids "_o<r>" for r > 0
//   controls = ["random-init"]   # every model also as "<name>-random-init" (config/controls.h), generated under
//                                # <output>/controls/ before any cell runs
//   exemplars = ["card", "random"]  # how demonstrations are drawn, as the authors' --exemplar_method: card (each
//                                   # card's own), random, stratified, written (task_card.h); default ["card"]
//   steps = 15                     # an int: think to 15 and score every step; a list [1, 5, 15]: score those
//   dtype = "float32"              device = "auto"     # auto: the rank's GPU when LibTorch has CUDA, else cpu
//   batch_size = 32                max_queries = 0      retries = 2     scoring = "fast"  # or "reference"
//   weights = "native"             # or "int8" (in the cell key)   attention = "auto"   # or "matmul", "fused"
//   tokens_per_forward = 0         # fast scoring's packed forward size; 0: chosen from the device
//   quarantine_after = 2           # a cell whose worker process died (killed, crashed) while running it this many
//                                  # times in a row is recorded in failed/ and skipped until --retry-failed
//   [[models]]  name = "opt-125m"  path = "facebook/opt-125m"   # or hub = "facebook/opt-125m" (HF cache layout)
//               truncate_demonstration = 400   # keep its last 400 demonstration tokens (the later code's GPT-2 rule)
//   [models.generate]  arch = "gpt2"  layers = 2 ...  tokenizer_corpus = ["sst2/train.jsonl"]   # synthetic, made if
//   missing
//                      tokenizer = "bpe" | "sentencepiece"
//     A generated model records its spec (dt-synthetic.json); when the spec here changes, the sweep regenerates the
//     model in place (an atomic swap) before any cell runs. Cells computed with the old model keep their results:
//     their key hashes the model's files, so they no longer match and are set aside, not deleted. A directory
//     without a record is refused (remove it to regenerate). Specs are checked when the file is read, sizes too:
//     more than 8 GiB of weights (synthetic_spec.h) is an error naming the key.
//   [[optimizers]]  kind = "momentum"  step_size = [0.01]  momentum = [0.9]     |  kind = "gate"  eta = [0.1, 0.3]
//   [[estimators]]  kind = "position-matched"  |  kind = "order-average"  orders = [2, 4]   (estimator_spec.h; every
//                   optimizer runs with every estimator; without tables, the released one only)
// Unknown keys and impossible values are errors naming the file and the key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dt/config/cell_config.h"
#include "dt/config/meta_optimizer_spec.h"
#include "dt/config/stop_rules.h"
#include "dt/config/synthetic_spec.h"

namespace dt {

struct SweepModel {
  std::string name;
  std::filesystem::path dir;                   // resolved checkpoint directory
  std::optional<SyntheticModelSpec> generate;  // create `dir` with this spec when missing or made from another spec
  std::vector<std::filesystem::path> tokenizer_corpus;  // JSON Lines files whose strings train its tokenizer
  std::int64_t tokenizer_vocab = 0;
  std::int64_t demo_max_tokens = 0;  // truncate_demonstration: keep the last N demonstration tokens (0: all)
  std::filesystem::path control_of;  // a random-init control (config/controls.h): the model directory it twins
};

struct SweepConfig {
  std::filesystem::path file;
  std::filesystem::path output_dir, checkpoints_root, data_root, jobs_dir;
  std::vector<SweepModel> models;
  std::vector<std::string> tasks;
  std::vector<std::uint64_t> seeds;
  std::vector<std::int64_t> shots;
  std::map<std::string, std::vector<std::int64_t>> task_shots;  // by task (card path), suites expanded
  const std::vector<std::int64_t>& shots_for(const std::string& task) const {
    const auto found = task_shots.find(task);
    return found == task_shots.end() ? shots : found->second;
  }
  std::vector<DemoVariant> demos{DemoVariant{}};  // the demonstrations axis
  std::int64_t orders = 1;                        // the demonstration-order axis: orders 0..R-1 (task/demo_orders.h)
  std::vector<std::string> controls;              // "random-init": a twin of every model, appended to `models`
  std::vector<std::string> exemplars{"card"};     // the exemplar-method axis (with_exemplar_method, task_card.h)
  std::int64_t steps = 1;
  std::vector<std::int64_t> eval_steps;  // empty = every step
  std::vector<MetaOptimizerSpec> optimizers;
  std::vector<StopRule> stop_rules;  // recorded in every cell
  std::vector<std::string> stops;    // the [sweep] stop axis: rule names, "" for none
  std::string dtype = "float32", device = "auto", scoring = "fast";
  std::string weights = "native", attention = "auto";  // CellConfig's
  std::int64_t tokens_per_forward = 0;
  std::int64_t batch_size = 32, max_queries = 0, dev_queries = 0;
  int retries = 2;
  int quarantine_after = 2;
};

// Command-line / environment overrides of [sweep] paths (empty = keep the file's).
struct SweepOverrides {
  std::filesystem::path output, checkpoints_root, data_root;
};

// An input the configuration names that is not on disk: a task without a card in jobs_dir, a hub model without an
// HF cache entry. `message` is the error load_sweep_config would throw ("<file>: <problem>").
struct MissingInput {
  std::string what;  // "task sst2", "model opt-125m"
  std::string message;
};

// Throws dt::Error at the first problem. With `missing`, inputs that are not on disk are appended there instead
// (the task stays in the grid, the model's dir stays empty), so a preflight can list them all; malformed
// configurations still throw.
SweepConfig load_sweep_config(const std::filesystem::path& file, const SweepOverrides& overrides = {},
                              std::vector<MissingInput>* missing = nullptr);

// The checkpoint directory of an HF cache entry `<root>/models--org--name/snapshots/<revision>` (refs/main
// names the revision; a single snapshot is taken as is).
std::filesystem::path resolve_hub_snapshot(const std::filesystem::path& root, const std::string& repo_id,
                                           const std::string& where);

struct GridCell {
  // unique, path-safe: model/task/s<seed>_k<k>_<optimizer>_T<T>; flipped cells s<seed>_k<k>_flipped_<optimizer>_T<T>;
  // the baselines scored once s<seed>_k0_T1 (zero-shot) and s<seed>_k<k>_repeat<R>_T1
  std::string id;
  std::size_t model_index = 0;   // into SweepConfig::models
  CellConfig config;             // device "auto" is resolved by the worker that runs it
  std::filesystem::path output;  // <output>/cells/<id>.h5
};

// Every model x task x seed x shots x demonstrations point; those that think also x optimizers x stops. Zero-shot
// (k = 0) is one cell per model, task and seed whatever the demonstrations axis; repeat:R is one cell per point.
std::vector<GridCell> expand_grid(const SweepConfig& sweep);

}  // namespace dt
