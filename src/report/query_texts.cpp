// QueryTexts (see query_texts.h).
#include "dt/report/query_texts.h"

#include <filesystem>

#include "dt/task/row_preparation.h"
#include "dt/util/error.h"

namespace dt {

QueryTexts::Split& QueryTexts::split(const CellSummary& cell) {
  const auto key = std::make_pair(cell.task_card.string(), cell.eval_data.string());
  if (const auto found = splits_.find(key); found != splits_.end()) return found->second;
  const auto cell_name = cell.file.filename().string();
  if (cell.task_card.empty() || cell.eval_data.empty())
    fail(cell.file.string(), "records no task card or eval data path in its config");
  for (const auto& file : {cell.task_card, cell.eval_data})
    if (!std::filesystem::is_regular_file(file))
      fail(file.string(), "not found: " + cell_name + " ran on it, and its queries' text is read from it");
  auto card = load_task_card(cell.task_card);
  auto rows = prepare_rows(card, read_jsonl(cell.eval_data));
  return splits_.emplace(key, Split{std::move(card), std::move(rows), {}}).first->second;
}

const Example& QueryTexts::query(const CellSummary& cell, std::int64_t query) {
  if (cell.eval_rows.size() != static_cast<std::size_t>(cell.queries))
    fail(cell.file.string(), "has no /queries/eval_row (written by an older dt): its queries' text is unknown");
  if (query < 0 || query >= cell.queries) throw Error("internal: query index out of range");
  auto& s = split(cell);
  const auto row = cell.eval_rows[static_cast<std::size_t>(query)];
  if (const auto found = s.examples.find(row); found != s.examples.end()) return found->second;
  if (row < 0 || row >= static_cast<std::int64_t>(s.rows.rows.size()))
    fail(s.rows.path.string(), "has no eval row " + std::to_string(row) + " (after the card's filters), which " +
                                   cell.file.filename().string() + " scored: the data file has changed");
  const auto index = static_cast<std::size_t>(row);
  auto example = make_example(s.card, s.rows.rows[index], row, row_location(s.rows, index));
  if (!cell.answers.empty() && example.answer != cell.answers[static_cast<std::size_t>(query)])
    fail(row_location(s.rows, index), "gold answer differs from the one " + cell.file.filename().string() +
                                          " scored: the data file or the task card has changed");
  return s.examples.emplace(row, std::move(example)).first->second;
}

}  // namespace dt
