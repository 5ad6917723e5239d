// CellExecutor: runs cells end to end (text -> tokens -> think -> score -> result file) and keeps what is
// expensive to rebuild between cells: the loaded model (one at a time), tokenizers, task cards with their data,
// and input identities. dt-run uses one for a single cell; each dt-sweep worker keeps one for its whole share.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "dt/cell/cell_runner.h"
#include "dt/config/cell_config.h"
#include "dt/model/decoder.h"
#include "dt/task/cell_prompts.h"
#include "dt/task/task_card.h"
#include "dt/text/tokenizer.h"

namespace dt {

struct CellOutcome {
  std::string key;
  bool skipped = false;  // a complete file with the same key was already there
  double seconds = 0;
  std::vector<std::pair<std::int64_t, double>> accuracy_lm, accuracy_norm;  // (step, accuracy)
  std::int64_t queries = 0;
};

class CellExecutor {
 public:
  CellExecutor();
  ~CellExecutor();

  // The resolved configuration and key of a cell, without loading the model.
  nlohmann::json resolve(const CellConfig& config);
  // The part of resolve() that needs no model: the configuration's values, the task card and its data (cached).
  void check_task_inputs(const CellConfig& config);

  // Runs the cell and writes `output` atomically. A trusted file (check_cell_file) with the same key is left alone
  // (skipped); any other file there is an error unless `overwrite`: callers set damaged files aside first.
  CellOutcome run(const CellConfig& config, const std::filesystem::path& output, const CellHooks& hooks = {},
                  bool overwrite = false);

  // The model currently loaded ("" when none): workers prefer cells of this model.
  const std::string& loaded_model() const { return loaded_model_key_; }

 private:
  struct TaskEntry {
    TaskCard card;
    std::unique_ptr<TaskData> data;
  };
  const TaskEntry& task(const CellConfig& config);
  const Tokenizer& tokenizer(const std::filesystem::path& dir);
  const DecoderLM& model(const CellConfig& config);
  const nlohmann::json& identity(const std::string& kind, const std::filesystem::path& path);
  std::int64_t reference_padded_length(const TaskEntry& entry, const CellPrompts& prompts, const CellConfig& config);

  std::map<std::string, TaskEntry> tasks_;
  std::map<std::string, std::unique_ptr<Tokenizer>> tokenizers_;
  std::map<std::string, nlohmann::json> identities_;
  std::unique_ptr<DecoderLM> model_;
  std::string loaded_model_key_;
  std::int64_t automatic_tokens_per_forward_ = 0;  // chosen when model_ was loaded (score/tokens_per_forward.h)
};

}  // namespace dt
