// ResultSet: the cell files of a results directory, read back for reporting. Accuracy is recomputed from the stored
// per-query predictions and gold answers (the raw record), not taken from the stored summary. The manifest
// (sweep.json), when present, says which cells were expected, so missing ones show up as coverage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/config/stop_rules.h"

namespace dt {

struct CellSummary {
  std::filesystem::path file;
  std::string model, task, optimizer;  // optimizer: its JSON, e.g. {"kind":"momentum","momentum":0.9,"step_size":0.01}
  std::uint64_t seed = 0;              //   ("null" for the baselines that do not think: zero-shot, repeat:R)
  std::int64_t k = 0;
  std::string demos = "plain";      // the demonstrations variant (cell/demo_variant.h), " exemplars:M" when drawn by M
  std::int64_t demo_order = 0;      // the seeded order the demonstrations were shown in (0: as drawn)
  std::vector<std::int64_t> steps;  // evaluated steps, ascending
  std::vector<double> accuracy_lm, accuracy_norm;  // per evaluated step, recomputed from predictions
  std::vector<double> accuracy_chars;              // the same for char_norm; empty in files written before it
  std::vector<double> accuracy_mutual_info;        // the same for mutual_info; empty where the file has none
  std::vector<double> accuracy_calibrated;         // the same for calibrated; empty where the file has none
  // Per score name ("lm_log_p", ...): whether each query was answered correctly, [evaluated step][query].
  std::map<std::string, std::vector<std::vector<std::uint8_t>>> correct;
  std::int64_t queries = 0;
  nlohmann::json shared_config;  // the resolved configuration without what varies across a grid
  // Meta-gradient statistics: name -> [step][layer].
  std::map<std::string, std::vector<std::vector<double>>> think;
  std::vector<RuleOutcome> stop_rules;  // the stopping rules recorded in the file, with their steps (stop_rules)
  std::int64_t demo_tokens = 0;         // tokens of the demonstration (each thinking step forwards them once)
  // The dev split inside the cell (/dev), when it has one: steps and accuracy recomputed from its predictions.
  std::vector<std::int64_t> dev_steps;
  std::vector<double> dev_accuracy_lm, dev_accuracy_norm, dev_accuracy_chars;
  // Query by query (report/query_outcomes.h, report/query_samples.h): each query's row in the task's eval split, its
  // gold index and number of choices; the task card and eval data file the cell ran on (from its config, so that a
  // query's text can be rebuilt); per score name, the prediction per [evaluated step][query].
  std::vector<std::int64_t> eval_rows, answers, num_choices;
  std::filesystem::path task_card, eval_data;
  std::map<std::string, std::vector<std::vector<std::int64_t>>> predictions;
  // Per score name, the scores of every choice [evaluated step][query][choice] (NaN past a query's last choice); only
  // when load_results was asked for them.
  std::map<std::string, std::vector<std::vector<std::vector<double>>>> choice_scores;
};

struct ExpectedCell {
  std::string model, task, optimizer;
  std::uint64_t seed = 0;
  std::int64_t k = 0;
  std::string demos = "plain";
  std::int64_t demo_order = 0;
};

// A cell dt-sweep gave up on (failed/<id>.json): every attempt failed, or it was quarantined because its worker died
// while running it.
struct FailedCell {
  std::string id;
  std::string reason;  // the last error recorded
  bool quarantined = false;
};

struct ResultSet {
  std::filesystem::path root;
  std::vector<CellSummary> cells;
  std::vector<ExpectedCell> expected;  // from sweep.json; empty when there is no manifest
  std::vector<FailedCell> failed;      // from failed/, sorted by id
};

// "Cells without results" with one line per failed or quarantined cell; empty when there is none.
std::string render_failed_cells(const ResultSet& results);

// The cells (found and expected) of demonstration order 0, the demonstrations as drawn: what the accuracy tables,
// comparisons and plots read. The order axis's other cells are read by the order-spread table only.
ResultSet shown_order_only(const ResultSet& results);

// Verifies every cell file first (results/cell_file.h) and throws dt::Error naming the file for one that is
// damaged, of another format version, or unreadable. `with_choice_scores` also reads /scores (CellSummary::
// choice_scores): every choice's score at every step, which the tables do not need.
ResultSet load_results(const std::filesystem::path& root, bool with_choice_scores = false);

}  // namespace dt
