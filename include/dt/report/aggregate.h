// Aggregation of a ResultSet into the paper's tables: per (model, k, demonstrations, optimizer) row and task, the
// accuracy of in-context learning (step 1) and of Deep-Thinking at the step the protocol chooses, as mean, standard
// deviation (n - 1 denominator) and n over seeds, with coverage (cells found / expected). Step protocols: fixed:T (the
// paper's protocol without a dev set uses T = 5), dev (the step with the best mean accuracy on the task's dev split,
// i.e. the results of task "<task>-dev"), oracle (the best step on the test split itself: what the released code
// reports; optimistic), rule:NAME (per cell, the step the label-free stopping rule NAME recorded in the cell chooses,
// report/stop_protocol.h; the caption states the compute left out). Cells that would be averaged together must agree in
// every configuration field but the seed; otherwise aggregation refuses with both files named.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dt/report/paired_bootstrap.h"
#include "dt/report/result_set.h"

namespace dt {

// lm_log_p (sum of the choice tokens' log-probs), norm_lm_log_p (their mean) and char_norm (the sum divided by the
// completion's characters, lm-evaluation-harness's acc_norm); cells written before char_norm have none.
// mutual_info: lm_log_p minus the choice's log-prob with no demonstration and no query (lm-eval's acc_mutual_info).
// calibrated: lm_log_p minus the choice's log-prob under the query's content-free form at the same step.
enum class Score { LmLogP, NormLmLogP, CharNorm, MutualInfo, Calibrated };
std::string score_name(Score score);  // "lm_log_p" / "norm_lm_log_p" / "char_norm" / "mutual_info" / "calibrated"

struct StepProtocol {
  enum class Kind { Fixed, Dev, Oracle, Rule };
  Kind kind = Kind::Fixed;
  std::int64_t step = 5;                               // Fixed
  std::string rule;                                    // Rule
  static StepProtocol parse(const std::string& text);  // "fixed:5", "dev", "oracle", "rule:NAME"; throws dt::Error
  std::string describe() const;                        // the sentence printed under every table
};

struct Stat {
  double mean = 0, std = 0;
  std::int64_t n = 0, expected = 0;  // seeds found / expected
  bool available() const { return n > 0; }
};

// Mean, standard deviation (n - 1) and n of per-seed values; `expected` (at least n) is the seeds there should be.
Stat stat_over_seeds(const std::vector<double>& values, std::int64_t expected);

struct TaskEntry {
  Stat icl, dt;
  Stat gain;  // per seed, Deep-Thinking minus ICL (the same cell's step 1): the paired difference
  std::optional<PairedComparison> paired;  // wins over seeds and the bootstrap interval of the gain
  std::optional<std::int64_t> step;        // the step chosen for Deep-Thinking; nullopt when unavailable or per cell
  std::optional<double> mean_step;         // rule:NAME: the mean over seeds of each cell's own step
  std::string note;                        // why something is unavailable
  std::vector<std::int64_t> trace_steps;
  std::vector<Stat> trace;  // accuracy per evaluated step (mean over seeds)
};

struct ReportRow {
  std::string model, optimizer;  // optimizer "null": a baseline that does not think (zero-shot, repeat:R)
  std::int64_t k = 0;
  std::string demos = "plain";                              // the demonstrations variant
  bool scored_once() const { return optimizer == "null"; }  // only ICL (step 1) is reported
  std::vector<std::optional<TaskEntry>> tasks;              // aligned with Report::tasks
  std::optional<double> icl_average, dt_average;            // over tasks, each only when every task has it
};

struct Report {
  Score score;
  StepProtocol protocol;
  std::vector<std::string> tasks;  // test tasks (not "-dev"), sorted
  std::vector<ReportRow> rows;
  std::vector<std::string> notes;  // coverage and availability notes, printed under the table
  std::string compute_note;        // rule:NAME: the thinking compute the rule leaves out (ComputeSaved)
};

Report build_report(const ResultSet& results, Score score, const StepProtocol& protocol);

// The row's ICL and Deep-Thinking averages over its tasks, each set only when every task has that arm (a baseline
// scored once has no Deep-Thinking average).
void set_row_averages(ReportRow& row);

// Whether each query of `cell` was answered correctly under `score` at `step`; nullptr when the cell has no such step
// or no predictions for that score.
const std::vector<std::uint8_t>* correct_at(const CellSummary& cell, Score score, std::int64_t step);

// The Deep-Thinking step the report's protocol chose for `cell` of a row's task entry: the cell's own under rule:NAME,
// else the entry's; nullopt when none.
std::optional<std::int64_t> chosen_dt_step(const Report& report, const TaskEntry& entry, const CellSummary& cell);

// Whether a report note (Report::notes, "<row> <task>: ...") is about `task`.
bool note_is_about(const std::string& note, const std::string& task);

}  // namespace dt
