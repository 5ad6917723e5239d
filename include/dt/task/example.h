// Example: one dataset row turned into what the model sees, as the reference's preprocessing + promptify do:
// the prompt (the scored context), the candidate answers and, per candidate, the completion appended to the prompt.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dt/task/task_card.h"

namespace dt {

struct Example {
  std::int64_t row = 0;                  // index of the row in its split
  std::string prompt;                    // the scored context
  std::vector<std::string> choices;      // candidate answers as written
  std::vector<std::string> completions;  // per choice, the text appended to the prompt
  std::int64_t answer = 0;               // gold choice index

  std::string text(std::size_t choice) const { return prompt + completions.at(choice); }
  // The demonstration form: prompt + gold completion.
  std::string solved() const { return text(static_cast<std::size_t>(answer)); }
};

// `where` names the row ("file:line") in errors: missing columns, an answer that is not an index of the choices.
Example make_example(const TaskCard& card, const nlohmann::json& row, std::int64_t index, const std::string& where);

// The content-free form of a row (contextual calibration, Zhao et al. 2021): every column the prompt template reads
// replaced by the string "N/A", the choices and the answer kept. nullopt when the prompt cannot be rendered that way
// (a filter that needs a real value, such as map without "*" or before:SEP).
std::optional<Example> make_content_free_example(const TaskCard& card, const nlohmann::json& row, std::int64_t index,
                                                 const std::string& where);

// The number of choices of a row (the card's words or columns, or the length of its list column).
std::size_t count_choices(const TaskCard& card, const nlohmann::json& row, const std::string& where);

// Only the gold index (cheap; used to stratify a whole demonstration pool).
std::int64_t example_answer(const TaskCard& card, const nlohmann::json& row, std::size_t num_choices,
                            const std::string& where);

}  // namespace dt
