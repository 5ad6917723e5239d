// prepare_rows: transform, then the two filters, keeping each row's line.
#include "dt/task/row_preparation.h"

#include <algorithm>

#include "dt/task/bbh_options.h"
#include "dt/task/example.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {

JsonlFile prepare_rows(const TaskCard& card, JsonlFile file) {
  const bool filters = card.choice_count > 0 || !card.skip_answers.empty();
  if (card.transform == TaskCard::RowTransform::None && !filters) return file;
  JsonlFile out{file.path, {}, {}};
  for (std::size_t i = 0; i < file.rows.size(); ++i) {
    const auto where = row_location(file, i);
    auto row = std::move(file.rows[i]);
    if (card.transform == TaskCard::RowTransform::BbhOptions) row = parse_bbh_options(std::move(row), where);
    const auto choices = count_choices(card, row, where);
    if (card.choice_count > 0 && static_cast<std::int64_t>(choices) != card.choice_count) continue;
    if (!card.skip_answers.empty()) {
      const auto answer = card.answer.render(row, nullptr, where);
      if (std::find(card.skip_answers.begin(), card.skip_answers.end(), answer) != card.skip_answers.end()) continue;
    }
    if (card.transform == TaskCard::RowTransform::BbhOptions && row["answer_index"].is_null())
      fail(where, "bbh_options: no option key of " + std::to_string(choices) + " occurs in the target " +
                      quote_text(row["target"].get<std::string>()));
    out.rows.push_back(std::move(row));
    out.lines.push_back(row_line(file, i));
  }
  return out;
}

}  // namespace dt
