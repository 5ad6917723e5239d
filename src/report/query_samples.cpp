// render_query_samples (see query_samples.h).
#include "dt/report/query_samples.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "dt/report/query_outcomes.h"
#include "dt/report/report_render.h"

namespace dt {
namespace {

using Json = nlohmann::ordered_json;

// model, k, demonstrations, optimizer
using RowKey = std::tuple<std::string, std::int64_t, std::string, std::string>;

// The Deep-Thinking step the report chose for `cell`; nullopt for a baseline or a cell outside the table.
std::optional<std::int64_t> dt_step_of(const Report& report, const std::map<RowKey, const ReportRow*>& rows,
                                       const CellSummary& cell) {
  const auto row = rows.find({cell.model, cell.k, cell.demos, cell.optimizer});
  const auto task = std::find(report.tasks.begin(), report.tasks.end(), cell.task);
  if (row == rows.end() || row->second->scored_once() || task == report.tasks.end()) return std::nullopt;
  const auto& entry = row->second->tasks[static_cast<std::size_t>(task - report.tasks.begin())];
  return entry ? chosen_dt_step(report, *entry, cell) : std::nullopt;
}

// Per score: every step's choice scores (the query's own choices only) and every step's prediction.
void add_scores(Json& line, const CellSummary& cell, std::size_t q, std::size_t choices) {
  Json scores = Json::object(), predictions = Json::object();
  for (const auto& [score, per_step] : cell.choice_scores) {
    Json steps = Json::array();
    for (const auto& queries : per_step) {
      const auto& row = queries[q];
      steps.push_back(
          std::vector<double>(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(std::min(choices, row.size()))));
    }
    scores[score] = std::move(steps);
  }
  for (const auto& [score, per_step] : cell.predictions) {
    Json steps = Json::array();
    for (const auto& queries : per_step) steps.push_back(queries[q]);
    predictions[score] = std::move(steps);
  }
  line["scores"] = std::move(scores);
  line["predictions"] = std::move(predictions);
}

// The lm_log_p prediction at `step` and whether it is right, or two nulls where the step was not evaluated.
std::pair<Json, Json> arm(const CellSummary& cell, std::size_t q, std::optional<std::int64_t> step) {
  const auto found = cell.predictions.find(score_name(Score::LmLogP));
  const auto at = step ? std::find(cell.steps.begin(), cell.steps.end(), *step) : cell.steps.end();
  if (found == cell.predictions.end() || at == cell.steps.end()) return {nullptr, nullptr};
  const auto prediction = found->second[static_cast<std::size_t>(at - cell.steps.begin())][q];
  return {prediction, prediction == cell.answers[q]};
}

Json sample_line(const ResultSet& results, const CellSummary& cell, std::size_t q, const Example& example,
                 std::optional<std::int64_t> dt_step) {
  Json line = {{"model", cell.model},
               {"task", cell.task},
               {"seed", cell.seed},
               {"k", cell.k},
               {"demo_order", cell.demo_order},
               {"demos", cell.demos},
               {"optimizer", optimizer_label(cell.optimizer)},
               {"optimizer_json", cell.optimizer},
               {"cell_file", cell.file.lexically_relative(results.root).generic_string()},
               {"query", q},
               {"eval_row", cell.eval_rows[q]},
               {"prompt", example.prompt},
               {"choices", example.choices},
               {"gold", cell.answers[q]},
               {"steps", cell.steps}};
  const auto choices =
      q < cell.num_choices.size() ? static_cast<std::size_t>(cell.num_choices[q]) : example.choices.size();
  add_scores(line, cell, q, choices);
  const auto [icl_prediction, icl_correct] = arm(cell, q, 1);
  const auto [dt_prediction, dt_correct] = arm(cell, q, dt_step);
  line["icl_prediction"] = icl_prediction;
  line["icl_correct"] = icl_correct;
  line["dt_step"] = dt_step ? Json(*dt_step) : Json(nullptr);
  line["dt_prediction"] = dt_prediction;
  line["dt_correct"] = dt_correct;
  return line;
}

}  // namespace

std::string render_query_samples(const ResultSet& results, const Report& lm_report, QueryTexts& texts) {
  std::map<RowKey, const ReportRow*> rows;
  for (const auto& row : lm_report.rows) rows[{row.model, row.k, row.demos, row.optimizer}] = &row;
  std::string out;
  for (const auto& cell : results.cells) {
    const auto dt_step = dt_step_of(lm_report, rows, cell);
    for (std::int64_t q = 0; q < cell.queries; ++q)
      out += sample_line(results, cell, static_cast<std::size_t>(q), texts.query(cell, q), dt_step)
                 .dump(-1, ' ', false, Json::error_handler_t::replace) +
             "\n";
  }
  return out;
}

}  // namespace dt
