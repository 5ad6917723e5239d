// Fuzz target: a task card's text template, then (after the part separator, fuzz_scratch.h) an optional JSON row
// and choice, compiled by TextTemplate and rendered. Contract: compiling and rendering return or throw dt::Error.
#include "dt/task/text_template.h"

#include <nlohmann/json.hpp>

#include "fuzz_scratch.h"

DT_FUZZ_TARGET(text_template) {
  const auto parts = dt::fuzz::split_parts(input);
  auto row = nlohmann::json::parse(R"({"sentence": " Great. ", "label": 2, "answerKey": "C", "a": {"b": "deep"}})");
  if (parts.size() > 1) {
    auto parsed = nlohmann::json::parse(parts[1], nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) row = std::move(parsed);
  }
  const std::string choice = parts.size() > 2 ? std::string(parts[2]) : std::string("positive");
  dt::fuzz::expect_dt_error_or_success([&] {
    const dt::TextTemplate text_template(std::string(parts[0]), "fuzz template");
    text_template.uses("label");
    text_template.render(row, &choice, "fuzz row");
  });
}
