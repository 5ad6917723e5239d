// TaskCard: one task as a TOML file in jobs/ (a user adds a task by writing a card, no C++). Layout:
//   name = "sst2"                      description = "..."
//   [data]            eval = "sst2/validation.jsonl"   pool = "sst2/train.jsonl"   eval_sample = 0
//                     transform = "bbh_options"   choice_count = 6   skip_answers = ["-1"]   (row_preparation.h)
//   [format]          prompt = "Review: {sentence|strip}\nSentiment:"   completion = " {choice}"   separator = "\n\n"
//   [choices]         words = ["negative", "positive"]  |  column = "endings"  |  columns = ["choice1", "choice2"]
//                     answer = "{label}"
//   [demonstrations]  method = "stratified" | "random" | "written"   shots = 1   base_shots = 1
//                     seeding = "stream" | "per-draw"
//   [[demonstrations.rows]]  ...                     # "written": the demonstrations themselves, as rows in the
//                                                    # task's column layout; a cell uses the first k of them
// seeding: "stream" (the released v1 code) draws the eval sample and then the demonstrations from one
// random.Random(seed); "per-draw" (the authors' later code, tasks/base.py RandomContext) starts every draw from a fresh
// random.Random(seed), and a written card then shows random.Random(seed).sample(rows, k) instead of its first k rows.
// base_shots: a random card draws base_shots x k rows (the later code's num_base_shot, e.g. 5 for CommonsenseQA).
// Files are relative to a data root given at run time (a "written" card needs no pool file). Unknown keys, missing keys
// and malformed templates are errors naming the card file and the key, and so are repeated `words` or `columns` (equal
// choices always tie). See text_template.h for the template language.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dt/task/text_template.h"

namespace dt {

struct TaskCard {
  enum class ChoiceSource { Words, ListColumn, Columns };

  std::filesystem::path file;
  std::string name, description;
  std::string eval_file, pool_file;  // relative to the data root
  std::int64_t eval_sample = 0;      // size of the seeded eval sample; 0 = the whole eval split in file order
  enum class RowTransform { None, BbhOptions };
  RowTransform transform = RowTransform::None;  // applied to the eval and pool rows, not to written rows
  std::int64_t choice_count = 0;                // > 0: eval and pool rows with another number of choices are dropped
  std::vector<std::string> skip_answers;        // eval and pool rows whose rendered answer is one of these are dropped
  TextTemplate prompt, completion, answer;
  std::string separator = "\n\n";
  ChoiceSource choice_source = ChoiceSource::Words;
  std::vector<std::string> words;    // ChoiceSource::Words: the fixed label words
  std::string list_column;           // ChoiceSource::ListColumn: a column holding a list of strings
  std::vector<std::string> columns;  // ChoiceSource::Columns: one column per choice
  enum class Selection { Random, Stratified, Written };
  Selection selection = Selection::Random;
  std::vector<nlohmann::json> written_rows;  // Selection::Written: the demonstration rows, in order
  std::int64_t shots = 1;                    // base shot count k (per label when stratified)
  std::int64_t base_shots = 1;               // a random card draws base_shots x k rows
  bool per_draw_seeding = false;             // seeding = "per-draw"

  bool stratified() const { return selection == Selection::Stratified; }

  // Classification tasks score the same fixed label words for every query.
  bool classification() const { return choice_source == ChoiceSource::Words; }
};

TaskCard load_task_card(const std::filesystem::path& file);

// The card with the demonstrations drawn by another method, as the authors' `--exemplar_method` picks it for every
// task of a run: "card" (unchanged), "random" (k rows of the pool: base_shots is the card's own), "stratified" (k per
// label where the card has label words, else base_shots x k random rows: their fallback) or "written" (the card's
// written rows). A method the card cannot draw (written without rows, a pool-less card drawn from its pool) is a
// dt::Error naming the card.
TaskCard with_exemplar_method(TaskCard card, const std::string& method);

// Whether `method` is one of those four; kExemplarMethods names them in errors.
bool is_exemplar_method(const std::string& method);
inline constexpr const char* kExemplarMethods = "card, random, stratified or written";

}  // namespace dt
