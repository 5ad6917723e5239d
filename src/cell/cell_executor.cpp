// CellExecutor: the cell pipeline with per-worker caches.
#include "dt/cell/cell_executor.h"

#include <torch/version.h>

#include <chrono>

#include "dt/cell/cell_tokens.h"
#include "dt/cell/demo_reorderings.h"
#include "dt/model/device.h"
#include "dt/model/device_memory.h"
#include "dt/model/registry.h"
#include "dt/results/cell_file.h"
#include "dt/score/tokens_per_forward.h"
#include "dt/util/error.h"

namespace dt {

namespace {

// What the cell file keeps of the tokens.
CellTokenCounts token_counts(const CellTokens& tokens) {
  CellTokenCounts counts;
  counts.demo_tokens = static_cast<std::int64_t>(tokens.demo_ids.size());
  counts.query_tokens = tokens.query_tokens;
  counts.prompt_prefix_mismatches = tokens.prompt_prefix_mismatches;
  for (const auto& query : tokens.queries) {
    auto& choices = counts.choice_tokens.emplace_back();
    for (const auto& choice : query.choices) choices.push_back(choice.choice_end - choice.choice_start);
  }
  counts.answers = tokens.answers;
  counts.dev_answers = tokens.dev_answers;
  counts.content_free_queries = static_cast<std::int64_t>(tokens.content_free.size());
  counts.content_free_index = tokens.content_free_index;
  return counts;
}

}  // namespace

CellExecutor::CellExecutor() = default;
CellExecutor::~CellExecutor() = default;

const CellExecutor::TaskEntry& CellExecutor::task(const CellConfig& config) {
  const auto key = std::filesystem::absolute(config.task_card).string() + "|" +
                   std::filesystem::absolute(config.data_root).string() + "|" + config.exemplars;
  auto it = tasks_.find(key);
  if (it == tasks_.end()) {
    TaskEntry entry{with_exemplar_method(load_task_card(config.task_card), config.exemplars), nullptr};
    entry.data = std::make_unique<TaskData>(load_task_data(entry.card, config.data_root));
    it = tasks_.emplace(key, std::move(entry)).first;
  }
  return it->second;
}

const Tokenizer& CellExecutor::tokenizer(const std::filesystem::path& dir) {
  const auto key = std::filesystem::absolute(dir).string();
  auto it = tokenizers_.find(key);
  if (it == tokenizers_.end()) it = tokenizers_.emplace(key, load_tokenizer(dir)).first;
  return *it->second;
}

const DecoderLM& CellExecutor::model(const CellConfig& config) {
  const auto key = std::filesystem::absolute(config.model_dir).string() + "|" + config.dtype + "|" + config.device +
                   "|" + config.weights + "|" + config.attention;
  if (key != loaded_model_key_) {
    model_.reset();  // free the previous model before loading the next one
    loaded_model_key_.clear();
    const std::string where = config.model_dir.string();
    const ModelOptions options{parse_dtype_name(config.dtype, where), parse_device_name(config.device, where),
                               parse_weight_precision(config.weights, where),
                               parse_attention_kernel(config.attention, where)};
    model_ = load_model(config.model_dir, options);
    automatic_tokens_per_forward_ = automatic_tokens_per_forward(model_->info(), device_memory(options.device));
    loaded_model_key_ = key;
  }
  return *model_;
}

const nlohmann::json& CellExecutor::identity(const std::string& kind, const std::filesystem::path& path) {
  const auto key = kind + "|" + std::filesystem::absolute(path).string();
  auto it = identities_.find(key);
  if (it != identities_.end()) return it->second;
  nlohmann::json id;
  if (kind == "model")
    id = model_identity(path);
  else if (kind == "tokenizer")
    id = tokenizer_identity(path);
  else
    id = file_identity(path);
  return identities_.emplace(key, std::move(id)).first->second;
}

std::int64_t CellExecutor::reference_padded_length(const TaskEntry& entry, const CellPrompts& prompts,
                                                   const CellConfig& config) {
  // The released code pads every sequence to the longest prompt + completion of the whole (sampled) eval split.
  return dt::reference_padded_length(tokenizer(config.effective_tokenizer_dir()),
                                     all_eval_examples(entry.card, *entry.data, prompts));
}

void CellExecutor::check_task_inputs(const CellConfig& config) {
  validate_cell_config(config, config.task_card.string());
  task(config);
}

nlohmann::json CellExecutor::resolve(const CellConfig& config) {
  check_task_inputs(config);
  const auto& entry = task(config);
  // A written card carries its demonstrations: the card's own identity covers them.
  const bool written = entry.card.selection == TaskCard::Selection::Written;
  CellIdentity id{identity("model", config.model_dir), identity("tokenizer", config.effective_tokenizer_dir()),
                  identity("file", config.task_card), identity("file", config.data_root / entry.card.eval_file),
                  written ? nlohmann::json(nullptr) : identity("file", config.data_root / entry.card.pool_file)};
  auto resolved = resolved_config(config, id);
  resolved["key"] = cell_key(resolved);
  return resolved;
}

CellOutcome CellExecutor::run(const CellConfig& config, const std::filesystem::path& output, const CellHooks& hooks,
                              bool overwrite) {
  const auto start = std::chrono::steady_clock::now();
  auto resolved = resolve(config);
  CellOutcome outcome;
  outcome.key = resolved.at("key").get<std::string>();
  resolved.erase("key");
  const auto existing = check_cell_file(output);
  if (existing.trusted() && existing.key == outcome.key) {
    outcome.skipped = true;
    return outcome;
  }
  if (existing.state != CellFileState::Absent && !overwrite) {
    if (existing.trusted())
      fail(output.string(), "exists with another configuration key (" + existing.key.substr(0, 12) +
                                "...); remove it or pass --overwrite");
    fail(output.string(),
         "exists and is not a trusted dt cell file (" + existing.problem + "); remove it or pass --overwrite");
  }
  const auto& entry = task(config);
  const auto prompts = build_cell_prompts(entry.card, *entry.data, config.seed, config.k, config.max_queries,
                                          config.dev_queries, config.demos, config.demo_order);
  const auto& cell_tokenizer = tokenizer(config.effective_tokenizer_dir());
  auto tokens = tokenize_cell(cell_tokenizer, prompts, config.demo_max_tokens);
  if (const auto& estimator = config.optimizer.estimator;
      estimator.kind == EstimatorSpec::Kind::OrderAverage && !config.scored_once()) {
    try {
      tokens.demo_reorderings =
          demo_reorderings(cell_tokenizer, prompts, tokens.demo_ids, config.seed, estimator.orders);
    } catch (const Error& e) {
      fail(config.task_card.string(), e.what());
    }
  }
  const auto& lm = model(config);
  ScoringOptions scoring{config.batch_size, parse_scoring_mode(config.scoring, config.task_card.string()), 0};
  scoring.token_budget = config.tokens_per_forward > 0 ? config.tokens_per_forward : automatic_tokens_per_forward_;
  if (scoring.mode == ScoringMode::Reference) scoring.padded_length = reference_padded_length(entry, prompts, config);
  CellRun run;
  try {
    StoppingPlan stopping{config.stop_rules, std::nullopt};
    if (const auto* rule = config.stop_rule()) stopping.stop = *rule;
    run = run_cell(lm, tokens, config.optimizer, config.steps, config.effective_eval_steps(), scoring, hooks, stopping);
  } catch (const Error& e) {
    fail(config.task_card.string() + " on " + config.model_dir.string(), e.what());
  }
  CellRecord record;
  record.config = resolved;
  record.key = outcome.key;
  record.task = entry.card.name;
  record.model = config.model_name.empty() ? config.model_dir.filename().string() : config.model_name;
  if (entry.card.classification()) record.label_words = entry.card.words;
  record.prompts = &prompts;
  record.tokens = token_counts(tokens);
  record.run = &run;
  record.torch_version = TORCH_VERSION;
  const auto& info = lm.info();
  record.execution = nlohmann::json{{"device", info.device.str()},
                                    {"attention", attention_kernel_name(info.attention)},
                                    {"weights", weight_precision_name(info.weights)},
                                    {"tokens_per_forward", scoring.token_budget}}
                         .dump();
  write_cell_file(output, record);
  for (const auto& e : run.evaluations) {
    outcome.accuracy_lm.emplace_back(e.step, e.accuracy_lm_log_p);
    outcome.accuracy_norm.emplace_back(e.step, e.accuracy_norm_lm_log_p);
  }
  outcome.queries = static_cast<std::int64_t>(tokens.queries.size());
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

}  // namespace dt
