// check_cell_shape: the cell.json fields that describe the cell rather than hold a string, an id or a score.
// Not checked (informational, or nothing in dt to compare with): prompt_version (a card holds one prompt),
// tokenizer.kind (free text), queries[q].query and demonstrations[j].query (dt keeps the prompt, not the
// preprocessed query), expected.*.min_top2_gap, expected.float64, diagnostics and reference_run.
#include <algorithm>
#include <string>

#include "dt/util/json_file.h"
#include "golden_cell_checks.h"

namespace dt::golden_cell {
namespace {

using nlohmann::json;

std::string idx(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

std::string selection_name(TaskCard::Selection selection) {
  switch (selection) {
    case TaskCard::Selection::Stratified: return "stratified";
    case TaskCard::Selection::Written: return "written";
    case TaskCard::Selection::Random: break;
  }
  return "random";
}

std::filesystem::path folder_of(const std::filesystem::path& dir) {
  auto path = std::filesystem::absolute(dir).lexically_normal();
  return path.has_filename() ? path : path.parent_path();
}

}  // namespace

void check_cell_shape(ToleranceLedger& ledger, const std::filesystem::path& dir, const json& cell, const TaskCard& card,
                      const Tokenizer& tokenizer, const CellPrompts& prompts, const CellTokens& tokens,
                      const ModelInfo& model) {
  ledger.exact_text("name", folder_of(dir).filename().string(), cell.at("name").get<std::string>());
  const auto& model_spec = cell.at("model");
  ledger.exact_text("model.model_type", model.arch, model_spec.at("model_type").get<std::string>());
  const auto config = read_json_file(fixture_path(dir, model_spec.at("dir").get<std::string>()) / "config.json");
  const auto& architectures = config.value("architectures", json::array());
  ledger.exact_text("model.model_class", architectures.empty() ? "" : architectures[0].get<std::string>(),
                    model_spec.at("model_class").get<std::string>());
  ledger.exact_text("exemplar_method", selection_name(card.selection), cell.at("exemplar_method").get<std::string>());

  ledger.exact("num_shots", static_cast<long long>(prompts.demonstrations.size()),
               cell.at("num_shots").get<long long>());
  const auto& demos = cell.at("demonstrations");
  ledger.exact("demonstrations.size", static_cast<long long>(prompts.demonstrations.size()),
               static_cast<long long>(demos.size()));
  for (std::size_t j = 0; j < demos.size() && j < prompts.demonstrations.size(); ++j) {
    const auto& got = prompts.demonstrations[j];
    const auto field = idx("demonstrations", j);
    ledger.exact(field + ".pool_index", got.row, demos[j].at("pool_index").get<long long>());
    ledger.exact(field + ".answer_idx", got.answer, demos[j].at("answer_idx").get<long long>());
    ledger.exact_text(field + ".answer", got.choices.at(static_cast<std::size_t>(got.answer)),
                      demos[j].at("answer").get<std::string>());
  }
  ledger.exact("demonstration.length", static_cast<long long>(tokens.demo_ids.size()),
               cell.at("demonstration").at("length").get<long long>());

  const auto n_choices = cell.at("n_choices").get<long long>();
  const auto& queries = cell.at("queries");
  for (std::size_t q = 0; q < queries.size() && q < prompts.queries.size(); ++q) {
    const auto& ex = prompts.queries[q];
    const auto field = idx("queries", q);
    ledger.exact(field + ".eval_row", ex.row, queries[q].at("eval_row").get<long long>());
    ledger.exact("n_choices", static_cast<long long>(ex.choices.size()), n_choices);
    const auto prompt_ids = tokenizer.encode(ex.prompt, false);
    for (std::size_t c = 0; c < queries[q].at("choices").size() && c < tokens.queries[q].choices.size(); ++c) {
      const auto& ids = tokens.queries[q].choices[c].ids;
      const bool prefix =
          ids.size() >= prompt_ids.size() && std::equal(prompt_ids.begin(), prompt_ids.end(), ids.begin());
      ledger.exact(idx(field + ".choices", c) + ".prompt_ids_are_prefix", prefix,
                   queries[q].at("choices")[c].at("prompt_ids_are_prefix").get<bool>());
    }
  }
  ledger.exact("padded_length_subset", reference_padded_length(tokenizer, prompts.queries),
               cell.at("padded_length_subset").get<long long>());

  const auto& sample_size = cell.at("data").at("eval_sample_size");
  ledger.exact("data.eval_sample_size", static_cast<long long>(prompts.eval_sample_indices.size()),
               sample_size.is_null() ? 0LL : sample_size.get<long long>());
}

}  // namespace dt::golden_cell
