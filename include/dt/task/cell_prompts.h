// From dataset rows to the strings of one cell, as the reference builds them: the seeded eval sample (drawn first,
// where the card asks for one), the demonstrations (stratified or random, same stream), the demonstration string
// (each picked row's prompt + gold completion + separator) and every scored query's prompt and completions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dt/task/demo_variant.h"
#include "dt/task/example.h"
#include "dt/task/jsonl.h"
#include "dt/task/task_card.h"

namespace dt {

// A task's two splits, loaded once and reusable across cells (seeds, k, models).
struct TaskData {
  JsonlFile eval, pool;
  std::vector<std::int64_t> pool_answers;  // gold index of every pool row (stratification)
};

TaskData load_task_data(const TaskCard& card, const std::filesystem::path& data_root);

// The seeded draws of one cell (eval sample first where the card asks for one, then the demonstrations), on one
// CPython-compatible random stream. Errors (e.g. a label with fewer than k pool rows) name the card.
struct CellSelection {
  std::vector<std::int64_t> eval_sample_indices;  // empty: no eval sample
  std::vector<std::int64_t> demo_pool_indices;
};
CellSelection select_cell(const TaskCard& card, const TaskData& data, std::uint64_t seed, std::int64_t k);

struct CellPrompts {
  std::int64_t eval_rows_total = 0, pool_rows_total = 0;
  std::vector<std::int64_t> eval_sample_indices;  // empty: no eval sample, the split in file order
  std::vector<std::int64_t> demo_pool_indices;
  std::vector<Example> demonstrations;          // as shown: a flipped cell's answers are the flipped ones
  std::vector<std::int64_t> demo_gold_answers;  // flipped cells: each demonstration's own answer (else empty)
  std::string demonstration;  // the exact demonstration string (ends with the separator; R copies for repeat:R)
  std::vector<std::string> demonstration_pieces;  // each demonstration's part of one copy: prompt + answer + separator
  std::vector<Example> queries;                   // the scored queries, in order
  // Per query, its content-free form (make_content_free_example) for the calibrated score; empty when a query has
  // none (the card's prompt cannot be rendered with "N/A").
  std::vector<Example> content_free;
  // The dev split inside the cell: `dev_queries` pool rows that are not this cell's demonstrations, drawn by
  // random.Random(seed).sample(<those rows, ascending>, dev_queries) (a generator of its own, so the demonstrations
  // and the eval sample are the reference's), in selection order; scored after every step like the queries.
  std::vector<std::int64_t> dev_pool_indices;
  std::vector<Example> dev;
};

// `k`: shots (per label for stratified cards; 0: no demonstration). `max_queries` > 0 keeps only the first N
// queries. `demos` rewrites the demonstrations (cell/demo_variant.h); the selections are the same for every variant.
// `demo_order` r > 0 shows the same demonstrations (flipped labels included) in seeded order r (task/demo_orders.h).
CellPrompts build_cell_prompts(const TaskCard& card, const TaskData& data, std::uint64_t seed, std::int64_t k,
                               std::int64_t max_queries, std::int64_t dev_queries = 0, const DemoVariant& demos = {},
                               std::int64_t demo_order = 0);

// Every eval row as an Example, in the order the cell scores them (sample order or file order), without the
// query limit: the reference pads to the longest of these.
std::vector<Example> all_eval_examples(const TaskCard& card, const TaskData& data, const CellPrompts& prompts);

}  // namespace dt
