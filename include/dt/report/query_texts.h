// QueryTexts: the text of a cell's queries (prompt, choices, gold answer), rebuilt from the task card and the eval
// data file the cell ran on (recorded in its config) and the row each query scored (/queries/eval_row), as the cell
// built them (task/example.h after the card's row preparation). Each card and data file is read once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "dt/report/result_set.h"
#include "dt/task/example.h"
#include "dt/task/jsonl.h"
#include "dt/task/task_card.h"

namespace dt {

class QueryTexts {
 public:
  // Query `query` of `cell`. Throws dt::Error naming the file when the card or the data file is no longer there, the
  // cell records no eval rows, or the row is out of range or has another gold answer than the cell (changed data).
  const Example& query(const CellSummary& cell, std::int64_t query);

 private:
  struct Split {
    TaskCard card;
    JsonlFile rows;
    std::map<std::int64_t, Example> examples;  // by eval row, built on first use
  };
  Split& split(const CellSummary& cell);
  std::map<std::pair<std::string, std::string>, Split> splits_;  // by (card, eval data file)
};

}  // namespace dt
