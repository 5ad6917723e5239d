// expand_grid: a validated sweep -> its cells, the baselines (zero-shot, repeat:R) once per point and not per
// optimizer, everything else across optimizers and stops.
#include <set>

#include "dt/config/sweep_config.h"
#include "dt/util/error.h"

namespace dt {
namespace {

GridCell base_cell(const SweepConfig& s, std::size_t m, const std::string& task, std::uint64_t seed, std::int64_t k,
                   const DemoVariant& demos, const std::string& exemplars) {
  GridCell cell;
  cell.model_index = m;
  auto& c = cell.config;
  c.model_name = s.models[m].name;
  c.model_dir = s.models[m].dir;
  c.task_card = s.jobs_dir / (task + ".toml");
  c.data_root = s.data_root;
  c.seed = seed;
  c.k = k;
  c.demos = demos;
  c.exemplars = exemplars;
  c.demo_max_tokens = s.models[m].demo_max_tokens;
  c.dtype = s.dtype;
  c.device = s.device;
  c.batch_size = s.batch_size;
  c.weights = s.weights;
  c.attention = s.attention;
  c.tokens_per_forward = s.tokens_per_forward;
  c.max_queries = s.max_queries;
  c.scoring = s.scoring;
  return cell;
}

}  // namespace

std::vector<GridCell> expand_grid(const SweepConfig& s) {
  std::vector<GridCell> cells;
  std::set<std::string> ids;
  const auto add_once = [&](GridCell cell, const std::string& name) {
    cell.id = s.models[cell.model_index].name + "/" + cell.config.task_card.stem().string() + "/s" +
              std::to_string(cell.config.seed) + "_k" + std::to_string(cell.config.k) + "_" + name;
    if (!ids.insert(cell.id).second)
      fail(s.file.string(), "grid has two cells named " + cell.id + " (duplicate values?)");
    cell.output = s.output_dir / "cells" / (cell.id + ".h5");
    cells.push_back(std::move(cell));
  };
  // every cell with demonstrations once per order; order 0 keeps the name it always had
  const auto add = [&](GridCell cell, const std::string& name) {
    for (std::int64_t r = 0; r < (cell.config.k > 0 ? s.orders : 1); ++r) {
      cell.config.demo_order = r;
      add_once(cell, r == 0 ? name : name + "_o" + std::to_string(r));
    }
  };
  for (std::size_t m = 0; m < s.models.size(); ++m)
    for (const auto& task : s.tasks)
      for (const auto& exemplars : s.exemplars) {
        // "card" cells keep the names they always had; another method is part of the name
        const auto method = exemplars == "card" ? std::string() : exemplars + "_";
        for (auto seed : s.seeds)
          for (auto k : s.shots_for(task)) {
            if (k == 0) {  // zero-shot: no demonstrations to vary or draw, nothing to think over
              if (exemplars != s.exemplars.front()) continue;
              auto cell = base_cell(s, m, task, seed, 0, {}, "card");
              cell.config.steps = 1;
              add(std::move(cell), "T1");
              continue;
            }
            for (const auto& demos : s.demos) {
              if (demos.kind == DemoVariant::Kind::Repeated) {
                auto cell = base_cell(s, m, task, seed, k, demos, exemplars);
                cell.config.steps = 1;
                add(std::move(cell), method + "repeat" + std::to_string(demos.repeats) + "_T1");
                continue;
              }
              for (const auto& opt : s.optimizers)
                for (const auto& stop : s.stops) {
                  auto cell = base_cell(s, m, task, seed, k, demos, exemplars);
                  auto& c = cell.config;
                  c.steps = s.steps;
                  c.eval_steps = s.eval_steps;
                  c.optimizer = opt;
                  c.stop_rules = s.stop_rules;
                  c.stop = stop;
                  c.dev_queries = s.dev_queries;
                  const auto opt_id = opt.grid_id() + (stop.empty() ? "" : "-stop-" + stop);
                  add(std::move(cell),
                      method + (demos.plain() ? "" : "flipped_") + opt_id + "_T" + std::to_string(s.steps));
                }
            }
          }
      }
  return cells;
}

}  // namespace dt
