// Fuzz target: a task card (TOML, jobs/*.toml) read by load_task_card; a card that loads renders its prompt,
// completion and answer templates over a fixed row. Contract: loading and rendering return or throw dt::Error.
#include "dt/task/task_card.h"

#include <nlohmann/json.hpp>

#include "fuzz_scratch.h"

DT_FUZZ_TARGET(task_card) {
  const auto path = dt::fuzz::scratch_dir("task-card") / "card.toml";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    const auto card = dt::load_task_card(path);
    const auto row = nlohmann::json::parse(
        R"({"sentence": " A fine film. ", "text": "x", "label": 1, "answerKey": "B", "premise": "p", "choice1": "a",
            "choice2": "b", "question": {"stem": "q", "choices": {"text": ["a", "b"]}}, "endings": ["e1", "e2"]})");
    const std::string choice = "positive";
    for (const auto* t : {&card.prompt, &card.completion, &card.answer})
      dt::fuzz::expect_dt_error_or_success([&] { t->render(row, &choice, "fuzz row"); });
  });
}
