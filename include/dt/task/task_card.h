// TaskCard: one task as a TOML file in jobs/ (a user adds a task by writing a card, no C++). Layout:
//   name = "sst2"                      description = "..."
//   [data]            eval = "sst2/validation.jsonl"   pool = "sst2/train.jsonl"   eval_sample = 0
//   [format]          prompt = "Review: {sentence|strip}\nSentiment:"   completion = " {choice}"   separator = "\n\n"
//   [choices]         words = ["negative", "positive"]  |  column = "endings"  |  columns = ["choice1", "choice2"]
//                     answer = "{label}"
//   [demonstrations]  method = "stratified" | "random" | "written"   shots = 1
//   [[demonstrations.rows]]  ...                     # "written": the demonstrations themselves, as rows in the
//                                                    # task's column layout; a cell uses the first k of them
// Files are relative to a data root given at run time (a "written" card needs no pool file). Unknown keys, missing keys
// and malformed templates are errors naming the card file and the key, and so are repeated `words` or `columns` (equal
// choices always tie). See text_template.h for the template language.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dt/task/text_template.h"

namespace dt {

struct TaskCard {
  enum class ChoiceSource { Words, ListColumn, Columns };

  std::filesystem::path file;
  std::string name, description;
  std::string eval_file, pool_file;  // relative to the data root
  std::int64_t eval_sample = 0;      // size of the seeded eval sample; 0 = the whole eval split in file order
  TextTemplate prompt, completion, answer;
  std::string separator = "\n\n";
  ChoiceSource choice_source = ChoiceSource::Words;
  std::vector<std::string> words;    // ChoiceSource::Words: the fixed label words
  std::string list_column;           // ChoiceSource::ListColumn: a column holding a list of strings
  std::vector<std::string> columns;  // ChoiceSource::Columns: one column per choice
  enum class Selection { Random, Stratified, Written };
  Selection selection = Selection::Random;
  std::vector<nlohmann::json> written_rows;  // Selection::Written: the demonstration rows, in order
  std::int64_t shots = 1;  // base shot count k (per label when stratified)

  bool stratified() const { return selection == Selection::Stratified; }

  // Classification tasks score the same fixed label words for every query.
  bool classification() const { return choice_source == ChoiceSource::Words; }
};

TaskCard load_task_card(const std::filesystem::path& file);

}  // namespace dt
