// Preflight (`dt-sweep CONFIG --check`): checks every input of a sweep in one pass and sizes the grid, for the
// login node before `sbatch`. It resolves every model (HF cache entry, config.json with a supported model_type,
// weight headers through dt::Checkpoint, the tokenizer), every task card the grid names and every data file those
// cards read, and every cell's length against its model's positions, and lists ALL problems, one line each, instead
// of stopping at the first. Then it counts the grid (trajectories, scored cells, Deep-Thinking steps), the real
// demonstration and query tokens wherever the model's tokenizer and the task's data resolve, the useful FLOPs per
// model with dt-bench's FLOP model (bench/flop_model.h), and the trajectories already complete in the output directory.
// It is not a run: it loads no weights (shapes come from config.json, parameter counts from safetensors headers),
// never writes (the output directory is only read, never created), and needs no MPI rank but rank 0. It applies the
// run's own cell-level rules (dev split size, layer selections, positions of every demonstration variant, dev and
// content-free queries included), so a grid that passes cannot fail a cell on a configuration error. A generated
// model that does not exist yet is generated into a temporary directory (removed afterwards) and checked like the
// real one, when its weights take at most 256 MiB; larger ones are checked by their spec only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dt/config/sweep_config.h"

namespace dt {

struct PreflightProblem {
  std::string what;     // "model opt-125m", "task copa", "task copa, seed 0, k 4"
  std::string message;  // "<file>: <problem>"
};

struct ModelEstimate {
  std::string name;
  std::string unavailable;  // why its FLOPs are unknown ("" when `flops` counts every trajectory in `counted`)
  double non_embedding_params = 0;
  double flops = 0;  // useful FLOPs over its counted trajectories
  std::size_t trajectories = 0, counted = 0;
};

struct PreflightReport {
  std::vector<PreflightProblem> problems;  // empty: the grid can run
  bool grid_known = false;                 // false when the configuration itself is malformed
  std::size_t models = 0, tasks = 0, seeds = 0, shots = 0, optimizers = 0;
  std::int64_t steps_per_trajectory = 0, scored_steps = 0;
  std::size_t trajectories = 0;   // one result file each
  std::size_t cells = 0;          // trajectories x scored steps (cells that differ only in T share a trajectory)
  std::size_t steps = 0;          // Deep-Thinking steps over the grid
  std::size_t counted = 0;        // trajectories whose tokens (and FLOPs) are known
  std::int64_t demo_tokens = 0;   // per trajectory's demonstration, summed over the counted trajectories
  std::int64_t query_tokens = 0;  // every (query, choice) sequence of one scoring pass, summed likewise
  std::vector<ModelEstimate> flops_by_model;
  std::size_t complete = 0;  // trajectories whose result file holds the current configuration's key
};

PreflightReport run_preflight(const std::filesystem::path& config, const SweepOverrides& overrides);

// The report as text: problems first, one line each ("problem: <what>: <message>"), then the grid's size.
std::string format_preflight(const PreflightReport& report);

}  // namespace dt
