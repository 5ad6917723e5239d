// run_golden_cell: an end-to-end cell fixture (format deep-thinking-e2e-cell/1) through dt's cell pipeline.
// Exact: every string, index, token id, span and the padded length, the special-token convention and the cell's
// shape (golden_cell_checks.h); in float32 also predictions, correct counts and accuracy. Scores and K/V norms
// under the GoldenPrecision's tolerances (float32: lm_log_p / norm_lm_log_p |a-b| <= 1e-4 + 1e-4|b|, k_norm /
// v_norm relative 1e-5). In reduced precision a prediction may differ at a near tie (golden_precision.h), and a
// step's correct count may then differ by at most its number of such ties.
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dt/cell/cell_runner.h"
#include "dt/cell/cell_tokens.h"
#include "dt/golden/golden_fixture.h"
#include "dt/model/registry.h"
#include "dt/task/cell_prompts.h"
#include "dt/util/error.h"
#include "dt/util/json_file.h"
#include "golden_cell_checks.h"

namespace dt {
namespace {

using nlohmann::json;

std::string idx(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

void compare_ints(ToleranceLedger& ledger, const std::string& field, const std::vector<std::int64_t>& got,
                  const json& expected) {
  if (got.size() != expected.size()) {
    ledger.mismatch(field, "length " + std::to_string(got.size()) + ", expected " + std::to_string(expected.size()));
    return;
  }
  for (std::size_t i = 0; i < got.size(); ++i) ledger.exact(idx(field, i), got[i], expected[i].get<long long>());
}

// Writes synthetic rows (data.rows) as JSON Lines where the card expects its files.
std::filesystem::path stage_synthetic_rows(const json& cell, const TaskCard& card) {
  const auto root = std::filesystem::temp_directory_path() /
                    ("dt-golden-cell-" + cell.at("name").get<std::string>() + "-" + std::to_string(::getpid()));
  for (const auto& [split, file] : {std::pair{"eval", card.eval_file}, std::pair{"pool", card.pool_file}}) {
    std::filesystem::create_directories((root / file).parent_path());
    std::ofstream out(root / file);
    for (const auto& row : cell.at("data").at("rows").at(split)) out << row.dump() << "\n";
  }
  return root;
}

// The cell's draws and strings against data.* and demonstration.string.
void check_selection(ToleranceLedger& ledger, const json& cell, const json& data_info, const CellPrompts& prompts) {
  ledger.exact("data.eval_rows_total", prompts.eval_rows_total, data_info.at("eval_rows_total").get<long long>());
  ledger.exact("data.pool_rows_total", prompts.pool_rows_total, data_info.at("pool_rows_total").get<long long>());
  if (data_info.at("eval_sample_indices").is_null())
    ledger.exact("data.eval_sample_indices.size", static_cast<long long>(prompts.eval_sample_indices.size()), 0);
  else
    compare_ints(ledger, "data.eval_sample_indices", prompts.eval_sample_indices, data_info.at("eval_sample_indices"));
  compare_ints(ledger, "data.demo_pool_indices", prompts.demo_pool_indices, data_info.at("demo_pool_indices"));
  std::vector<std::int64_t> demo_labels, rows_used;
  for (const auto& d : prompts.demonstrations) demo_labels.push_back(d.answer);
  for (const auto& q : prompts.queries) rows_used.push_back(q.row);
  compare_ints(ledger, "data.demo_labels", demo_labels, data_info.at("demo_labels"));
  compare_ints(ledger, "data.eval_rows_used", rows_used, data_info.at("eval_rows_used"));
  ledger.exact_text("demonstration.string", prompts.demonstration,
                    cell.at("demonstration").at("string").get<std::string>());
}

// The demonstration's token ids and every query's answer, strings, token ids and choice span.
void check_tokens(ToleranceLedger& ledger, const json& cell, const CellPrompts& prompts, const CellTokens& tokens,
                  const Tokenizer& tokenizer) {
  compare_ints(ledger, "demonstration.ids", tokens.demo_ids, cell.at("demonstration").at("ids"));
  const auto& queries = cell.at("queries");
  if (queries.size() != prompts.queries.size()) ledger.mismatch("queries", "query count differs");
  for (std::size_t q = 0; q < queries.size() && q < prompts.queries.size(); ++q) {
    const auto& ex = prompts.queries[q];
    const auto& exp = queries[q];
    ledger.exact(idx("queries", q) + ".answer_idx", ex.answer, exp.at("answer_idx").get<long long>());
    for (std::size_t c = 0; c < exp.at("choices").size() && c < ex.choices.size(); ++c) {
      const auto& ec = exp.at("choices")[c];
      const auto field = idx(idx("queries", q) + ".choices", c);
      ledger.exact_text(field + ".choice", ex.choices[c], ec.at("choice").get<std::string>());
      ledger.exact_text(field + ".prompt", ex.prompt, ec.at("prompt").get<std::string>());
      ledger.exact_text(field + ".text", ex.text(c), ec.at("text").get<std::string>());
      const auto& seq = tokens.queries[q].choices[c];
      compare_ints(ledger, field + ".prompt_ids", tokenizer.encode(ex.prompt, false), ec.at("prompt_ids"));
      compare_ints(ledger, field + ".input_ids", seq.ids, ec.at("input_ids"));
      ledger.exact(field + ".choice_start", seq.choice_start, ec.at("choice_start").get<long long>());
      ledger.exact(field + ".choice_end", seq.choice_end, ec.at("choice_end").get<long long>());
    }
    ledger.exact(idx("queries", q) + ".choices.size", static_cast<long long>(ex.choices.size()),
                 static_cast<long long>(exp.at("choices").size()));
  }
}

MetaOptimizerSpec meta_optimizer_spec(const json& cell) {
  MetaOptimizerSpec spec;
  spec.step_size = cell.at("step_size").get<double>();
  spec.momentum = cell.at("momentum").get<double>();
  return spec;
}

// One evaluated step's scores and predictions, then its correct counts and accuracies, which may differ by the
// step's near ties.
void check_step_scores(ToleranceLedger& ledger, const GoldenPrecision& precision, const std::string& field,
                       const json& exp, const StepEvaluation& ev) {
  ledger.exact(field + ".t", ev.step, exp.at("t").get<long long>());
  long long ties_lm = 0, ties_norm = 0;
  for (std::size_t q = 0; q < ev.scores.size(); ++q) {
    const auto& s = ev.scores[q];
    for (std::size_t c = 0; c < s.lm_log_p.size(); ++c) {
      ledger.close(idx(idx(field + ".lm_log_p", q), c), s.lm_log_p[c], exp.at("lm_log_p")[q][c].get<double>(),
                   precision.log_prob);
      ledger.close(idx(idx(field + ".norm_lm_log_p", q), c), s.norm_lm_log_p[c],
                   exp.at("norm_lm_log_p")[q][c].get<double>(), precision.log_prob);
    }
    ties_lm += precision.check_prediction(ledger, idx(field + ".pred_lm_log_p", q), s.pred_lm_log_p,
                                          exp.at("pred_lm_log_p")[q].get<long long>(),
                                          exp.at("lm_log_p")[q].get<std::vector<double>>());
    ties_norm += precision.check_prediction(ledger, idx(field + ".pred_norm_lm_log_p", q), s.pred_norm_lm_log_p,
                                            exp.at("pred_norm_lm_log_p")[q].get<long long>(),
                                            exp.at("norm_lm_log_p")[q].get<std::vector<double>>());
  }
  const auto queries = static_cast<double>(std::max<std::size_t>(ev.scores.size(), 1));
  ledger.close(field + ".correct_lm_log_p", static_cast<double>(ev.correct_lm_log_p),
               exp.at("correct_lm_log_p").get<double>(), {static_cast<double>(ties_lm), 0});
  ledger.close(field + ".correct_norm_lm_log_p", static_cast<double>(ev.correct_norm_lm_log_p),
               exp.at("correct_norm_lm_log_p").get<double>(), {static_cast<double>(ties_norm), 0});
  ledger.close(field + ".acc_lm_log_p", ev.accuracy_lm_log_p, exp.at("acc_lm_log_p").get<double>(),
               {static_cast<double>(ties_lm) / queries, 0});
  ledger.close(field + ".acc_norm_lm_log_p", ev.accuracy_norm_lm_log_p, exp.at("acc_norm_lm_log_p").get<double>(),
               {static_cast<double>(ties_norm) / queries, 0});
}

void check_step_norms(ToleranceLedger& ledger, Tolerance norm, const std::string& field, const json& exp,
                      const StepStats& stats) {
  for (std::size_t l = 0; l < stats.layers.size(); ++l) {
    ledger.close(idx(field + ".k_norm", l), stats.layers[l].k_norm, exp.at("k_norm")[l].get<double>(), norm);
    ledger.close(idx(field + ".v_norm", l), stats.layers[l].v_norm, exp.at("v_norm")[l].get<double>(), norm);
  }
}

// One scoring mode's trajectory against expected.float32, step by step; `prefix` names the mode in field names.
void check_run(ToleranceLedger& ledger, const GoldenPrecision& precision, const json& cell, const std::string& prefix,
               const CellRun& run) {
  const auto& expected = cell.at("expected").at("float32");
  if (expected.size() != run.evaluations.size()) ledger.mismatch("expected.float32", "step count differs");
  for (std::size_t i = 0; i < expected.size() && i < run.evaluations.size(); ++i) {
    const auto& exp = expected[i];
    const auto& ev = run.evaluations[i];
    const auto field = prefix + idx("expected.float32", i);
    check_step_scores(ledger, precision, field, exp, ev);
    check_step_norms(ledger, precision.norm, field, exp, run.think.at(static_cast<std::size_t>(ev.step - 1)));
  }
}

}  // namespace

std::filesystem::path golden_cell::fixture_path(const std::filesystem::path& dir, const std::string& text) {
  const std::string prefix = "$DT_SHARED_DIR/";
  if (text.rfind(prefix, 0) != 0) return dir / text;
  const char* shared = std::getenv("DT_SHARED_DIR");
  if (shared == nullptr || *shared == '\0')
    fail((dir / "cell.json").string(), "names " + text + " but DT_SHARED_DIR is not set (the directory of ../shared)");
  return std::filesystem::path(shared) / text.substr(prefix.size());
}

void run_golden_cell(const std::filesystem::path& dir, const std::filesystem::path& jobs_dir,
                     const GoldenPrecision& precision, ToleranceLedger& ledger) {
  const auto cell = read_json_file(dir / "cell.json");
  if (cell.value("format", "") != "deep-thinking-e2e-cell/1")
    fail((dir / "cell.json").string(), "format is not deep-thinking-e2e-cell/1");
  const auto card = load_task_card(jobs_dir / (cell.at("task").get<std::string>() + ".toml"));
  const auto& data_info = cell.at("data");
  const bool synthetic = data_info.at("synthetic").get<bool>();
  const auto data_root =
      synthetic ? stage_synthetic_rows(cell, card) : dir / data_info.at("data_dir_relative").get<std::string>();
  struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ignored;
      if (!path.empty()) std::filesystem::remove_all(path, ignored);
    }
  } cleanup{synthetic ? data_root : std::filesystem::path()};
  if (!synthetic) {
    ledger.exact_text("data.eval_file", card.eval_file, data_info.at("eval_file").get<std::string>());
    ledger.exact_text("data.pool_file", card.pool_file, data_info.at("pool_file").get<std::string>());
  }
  ledger.exact_text("separator", card.separator, cell.at("separator").get<std::string>());

  const auto data = load_task_data(card, data_root);
  const auto n_queries = cell.at("n_queries").get<std::int64_t>();
  const auto prompts =
      build_cell_prompts(card, data, cell.at("seed").get<std::uint64_t>(), cell.at("k").get<std::int64_t>(), n_queries);
  check_selection(ledger, cell, data_info, prompts);

  const auto tokenizer =
      load_tokenizer(golden_cell::fixture_path(dir, cell.at("tokenizer").at("files").get<std::string>()));
  const auto tokens = tokenize_cell(*tokenizer, prompts);
  check_tokens(ledger, cell, prompts, tokens, *tokenizer);
  const auto padded = reference_padded_length(*tokenizer, all_eval_examples(card, data, prompts));
  ledger.exact("padded_length", padded, cell.at("padded_length").get<long long>());

  const auto model = load_model(golden_cell::fixture_path(dir, cell.at("model").at("dir").get<std::string>()),
                                precision.model_options());
  golden_cell::check_special_tokens(ledger, cell, *tokenizer, prompts, tokens, model->info());
  golden_cell::check_cell_shape(ledger, dir, cell, card, *tokenizer, prompts, tokens, model->info());
  const auto spec = meta_optimizer_spec(cell);
  const auto steps = cell.at("steps").get<std::int64_t>();
  std::vector<std::int64_t> all_steps;
  for (std::int64_t t = 1; t <= steps; ++t) all_steps.push_back(t);
  const auto batch_size = cell.at("batch_size").get<std::int64_t>();
  for (const auto& [prefix, options] :
       {std::pair{std::string(), ScoringOptions{batch_size, ScoringMode::Fast, 0}},
        std::pair{std::string("reference:"), ScoringOptions{batch_size, ScoringMode::Reference, padded}}})
    check_run(ledger, precision, cell, prefix, run_cell(*model, tokens, spec, steps, all_steps, options));
}

}  // namespace dt
