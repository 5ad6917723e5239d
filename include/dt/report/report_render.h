// Rendering of a Report: Markdown (the default, to stdout), CSV, LaTeX (booktabs) and JSON. Accuracies are printed
// in percent as mean ± std over seeds; every table is followed by the step protocol and the coverage notes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "dt/report/aggregate.h"

namespace dt {

std::string render_markdown(const Report& report);
std::string render_csv(const Report& report);
// A booktabs tabular inside a table with its caption (score, protocol), the notes as % comments after it; text is
// escaped for LaTeX, math is not (src/report/latex_render.cpp).
std::string render_latex(const Report& report);
nlohmann::json render_json(const Report& report);

// The sentence under every table that explains the † mark (paired_bootstrap.h).
inline constexpr const char* kPairedNote =
    "† marks Deep-Thinking entries not better than ICL: the 95 % bootstrap interval of the paired gain (seeds and "
    "queries resampled 2,000 times, fixed seed) includes 0.";

// Text escaped for LaTeX (the ten special characters and the signs dt's labels use: ×, ±, †, —, −, →).
std::string latex_text(const std::string& text);

// An accuracy in percent with one decimal: 0.9123 -> "91.2".
std::string percent_text(double accuracy);

// The lines under every table (score, protocol, † note, compute, notes), each starting with `prefix`.
std::string report_footer(const Report& report, const std::string& prefix);

// "momentum(step_size=0.01, momentum=0.9)" from the stored optimizer JSON ("" for a baseline that does not think).
std::string optimizer_label(const std::string& optimizer_json);

// A row as the tables name it: "tiny-gpt2 k=1 momentum(...)", "tiny-gpt2 k=1 flipped momentum(...)", and for the
// baselines scored once "tiny-gpt2 k=0 zero-shot", "tiny-gpt2 k=1 repeat×2".
std::string row_label(const ReportRow& row);

}  // namespace dt
