// build_cell_prompts: selection with the CPython-compatible stream, then templates.
#include "dt/task/cell_prompts.h"

#include <algorithm>

#include "dt/data/demo_selection.h"
#include "dt/data/python_random.h"
#include "dt/task/demo_orders.h"
#include "dt/task/row_preparation.h"
#include "dt/util/error.h"

namespace dt {
namespace {

std::vector<std::int64_t> eval_order(const CellPrompts& prompts) {
  if (!prompts.eval_sample_indices.empty()) return prompts.eval_sample_indices;
  std::vector<std::int64_t> order(static_cast<std::size_t>(prompts.eval_rows_total));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
  return order;
}

// Shows the demonstrations (with their pool indices and, when flipped, their own answers) in seeded order r.
void reorder_demonstrations(CellPrompts& out, std::uint64_t seed, std::int64_t r) {
  const auto count = static_cast<std::int64_t>(out.demonstrations.size());
  const auto order = seeded_demo_orders(seed, count, r + 1).back();
  const auto permute = [&](auto& items) {
    if (items.empty()) return;
    auto original = items;
    for (std::size_t i = 0; i < order.size(); ++i) items[i] = original[static_cast<std::size_t>(order[i])];
  };
  permute(out.demonstrations);
  permute(out.demo_pool_indices);
  permute(out.demo_gold_answers);
}

}  // namespace

TaskData load_task_data(const TaskCard& card, const std::filesystem::path& data_root) {
  // A written card's demonstrations are its own rows; "<card>:N" names the N-th of them in errors.
  TaskData data{prepare_rows(card, read_jsonl(data_root / card.eval_file)),
                card.selection == TaskCard::Selection::Written
                    ? JsonlFile{card.file, card.written_rows, {}}
                    : prepare_rows(card, read_jsonl(data_root / card.pool_file)),
                {}};
  const auto filtered = [&](const char* what) {
    return std::string(what) +
           (card.choice_count > 0 || !card.skip_answers.empty() ? " (after the card's filters)" : "");
  };
  if (data.eval.rows.empty()) fail(data.eval.path.string(), filtered("eval split is empty"));
  if (data.pool.rows.empty()) fail(data.pool.path.string(), filtered("demonstration pool is empty"));
  data.pool_answers.reserve(data.pool.rows.size());
  for (std::size_t i = 0; i < data.pool.rows.size(); ++i) {
    const auto where = row_location(data.pool, i);
    data.pool_answers.push_back(
        example_answer(card, data.pool.rows[i], count_choices(card, data.pool.rows[i], where), where));
  }
  return data;
}

CellSelection select_cell(const TaskCard& card, const TaskData& data, std::uint64_t seed, std::int64_t k) {
  SelectionRequest request;
  request.seed = seed;
  request.k = card.selection == TaskCard::Selection::Random ? card.base_shots * k : k;
  request.stratified = card.stratified();
  request.fresh_stream_per_draw = card.per_draw_seeding;
  if (card.per_draw_seeding && card.stratified()) request.label_count = static_cast<std::int64_t>(card.words.size());
  const bool written = card.selection == TaskCard::Selection::Written;
  const auto written_rows = static_cast<std::int64_t>(data.pool.rows.size());
  if (written) {
    if (k > written_rows)
      fail(card.file.string(), "k = " + std::to_string(k) + " but the card writes only " +
                                   std::to_string(written_rows) + " demonstrations");
    request.k = 0;  // the stream still draws the eval sample; the demonstrations are the card's rows
  }
  request.pool_labels = data.pool_answers;
  request.eval_rows = static_cast<std::int64_t>(data.eval.rows.size());
  request.eval_sample_size = card.eval_sample;
  try {
    auto selection = select_demonstrations(request);
    if (written && card.per_draw_seeding) {
      selection.demo_pool_indices = PythonRandom(seed).sample(written_rows, k);  // the later code's shuffle
    } else if (written) {
      for (std::int64_t i = 0; i < k; ++i) selection.demo_pool_indices.push_back(i);
    }
    return {std::move(selection.eval_sample_indices), std::move(selection.demo_pool_indices)};
  } catch (const Error& e) {
    fail(card.file.string(), std::string("cannot select demonstrations: ") + e.what());
  }
}

CellPrompts build_cell_prompts(const TaskCard& card, const TaskData& data, std::uint64_t seed, std::int64_t k,
                               std::int64_t max_queries, std::int64_t dev_queries, const DemoVariant& demos,
                               std::int64_t demo_order) {
  CellPrompts out;
  out.eval_rows_total = static_cast<std::int64_t>(data.eval.rows.size());
  out.pool_rows_total = static_cast<std::int64_t>(data.pool.rows.size());
  auto selection = select_cell(card, data, seed, k);
  out.eval_sample_indices = std::move(selection.eval_sample_indices);
  out.demo_pool_indices = std::move(selection.demo_pool_indices);
  for (auto index : out.demo_pool_indices) {
    const auto i = static_cast<std::size_t>(index);
    out.demonstrations.push_back(make_example(card, data.pool.rows.at(i), index, row_location(data.pool, i)));
  }
  if (demos.kind == DemoVariant::Kind::Flipped) {
    const auto flipped = flipped_answers(out.demonstrations, seed, card.file.string());
    for (std::size_t d = 0; d < flipped.size(); ++d) {
      out.demo_gold_answers.push_back(out.demonstrations[d].answer);
      out.demonstrations[d].answer = flipped[d];
    }
  }
  if (demo_order > 0) reorder_demonstrations(out, seed, demo_order);
  std::string once;
  for (const auto& demo : out.demonstrations) {
    out.demonstration_pieces.push_back(demo.solved() + card.separator);
    once += out.demonstration_pieces.back();
  }
  const auto copies = demos.kind == DemoVariant::Kind::Repeated ? demos.repeats : 1;
  for (std::int64_t r = 0; r < copies; ++r) out.demonstration += once;
  const auto order = eval_order(out);
  const auto n =
      max_queries > 0 ? std::min<std::size_t>(order.size(), static_cast<std::size_t>(max_queries)) : order.size();
  for (std::size_t q = 0; q < n; ++q) {
    const auto i = static_cast<std::size_t>(order[q]);
    out.queries.push_back(make_example(card, data.eval.rows.at(i), order[q], row_location(data.eval, i)));
    if (auto content_free = make_content_free_example(card, data.eval.rows.at(i), order[q], row_location(data.eval, i)))
      out.content_free.push_back(std::move(*content_free));
  }
  if (out.content_free.size() != out.queries.size()) out.content_free.clear();
  if (dev_queries > 0) {
    std::vector<std::int64_t> free_rows;
    for (std::int64_t i = 0; i < out.pool_rows_total; ++i)
      if (std::find(out.demo_pool_indices.begin(), out.demo_pool_indices.end(), i) == out.demo_pool_indices.end())
        free_rows.push_back(i);
    if (dev_queries > static_cast<std::int64_t>(free_rows.size()))
      fail(card.file.string(), "a dev split of " + std::to_string(dev_queries) +
                                   " rows needs that many pool rows besides the " +
                                   std::to_string(out.demo_pool_indices.size()) + " demonstrations; the pool has " +
                                   std::to_string(out.pool_rows_total));
    PythonRandom rng(seed);
    out.dev_pool_indices = rng.sample(free_rows, dev_queries);
    for (auto index : out.dev_pool_indices) {
      const auto i = static_cast<std::size_t>(index);
      out.dev.push_back(make_example(card, data.pool.rows.at(i), index, row_location(data.pool, i)));
    }
  }
  return out;
}

std::vector<Example> all_eval_examples(const TaskCard& card, const TaskData& data, const CellPrompts& prompts) {
  std::vector<Example> out;
  for (auto index : eval_order(prompts)) {
    const auto i = static_cast<std::size_t>(index);
    out.push_back(make_example(card, data.eval.rows.at(i), index, row_location(data.eval, i)));
  }
  return out;
}

}  // namespace dt
