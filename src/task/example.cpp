// make_example: a row through the card's templates.
#include "dt/task/example.h"

#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

std::vector<std::string> choices_of(const TaskCard& card, const nlohmann::json& row, const std::string& where) {
  std::vector<std::string> out;
  auto text = [&](const nlohmann::json* v, const std::string& name) {
    if (v == nullptr || !v->is_string()) fail(where, "choice column '" + name + "' is missing or not a string");
    return v->get<std::string>();
  };
  switch (card.choice_source) {
    case TaskCard::ChoiceSource::Words: return card.words;
    case TaskCard::ChoiceSource::Columns:
      for (const auto& c : card.columns) out.push_back(text(find_path(row, c), c));
      return out;
    case TaskCard::ChoiceSource::ListColumn: {
      const auto* list = find_path(row, card.list_column);
      if (list == nullptr || !list->is_array() || list->empty())
        fail(where, "choice column '" + card.list_column + "' is missing or not a non-empty list");
      for (const auto& item : *list) out.push_back(text(&item, card.list_column + "[]"));
      return out;
    }
  }
  return out;
}

}  // namespace

std::size_t count_choices(const TaskCard& card, const nlohmann::json& row, const std::string& where) {
  if (card.choice_source == TaskCard::ChoiceSource::Words) return card.words.size();
  if (card.choice_source == TaskCard::ChoiceSource::Columns) return card.columns.size();
  const auto* list = find_path(row, card.list_column);
  if (list == nullptr || !list->is_array())
    fail(where, "choice column '" + card.list_column + "' is missing or not a list");
  return list->size();
}

std::int64_t example_answer(const TaskCard& card, const nlohmann::json& row, std::size_t num_choices,
                            const std::string& where) {
  const auto text = card.answer.render(row, nullptr, where);
  std::int64_t answer = -1;
  try {
    std::size_t used = 0;
    answer = std::stoll(text, &used);
    if (used != text.size()) answer = -1;
  } catch (const std::exception&) {
    answer = -1;
  }
  if (answer < 0 || answer >= static_cast<std::int64_t>(num_choices))
    fail(where, "answer " + quote_text(text) + " (from " + quote_text(card.answer.source()) +
                    ") is not a choice index in [0, " + std::to_string(num_choices) + ")");
  return answer;
}

Example make_example(const TaskCard& card, const nlohmann::json& row, std::int64_t index, const std::string& where) {
  Example ex;
  ex.row = index;
  ex.prompt = card.prompt.render(row, nullptr, where);
  ex.choices = choices_of(card, row, where);
  for (const auto& choice : ex.choices) ex.completions.push_back(card.completion.render(row, &choice, where));
  ex.answer = example_answer(card, row, ex.choices.size(), where);
  return ex;
}

std::optional<Example> make_content_free_example(const TaskCard& card, const nlohmann::json& row, std::int64_t index,
                                                 const std::string& where) {
  auto content_free = row;
  for (const auto& path : card.prompt.paths()) {
    nlohmann::json::json_pointer pointer;
    for (std::size_t start = 0;;) {
      const auto dot = path.find('.', start);
      pointer /= path.substr(start, dot - start);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    try {
      content_free[pointer] = "N/A";
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;  // the path runs through a value that is not an object
    }
  }
  try {
    Example ex;  // the answer is not used: content-free scores only shift each choice's score
    ex.row = index;
    ex.prompt = card.prompt.render(content_free, nullptr, where);
    ex.choices = choices_of(card, row, where);
    for (const auto& choice : ex.choices)
      ex.completions.push_back(card.completion.render(content_free, &choice, where));
    return ex;
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace dt
