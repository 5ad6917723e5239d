// compare_rows and render_row_comparison (see row_comparison.h).
#include "dt/report/row_comparison.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

#include "dt/config/estimator_spec.h"
#include "dt/report/report_render.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

using CellKey = std::tuple<std::string, std::int64_t, std::string, std::string, std::string>;  // row fields, task

std::string optimizer_kind(const std::string& optimizer_json) {
  const auto j = nlohmann::json::parse(optimizer_json, nullptr, false);
  return j.is_object() && j.contains("kind") && j["kind"].is_string() ? j["kind"].get<std::string>() : "";
}

// The optimizer JSON without its estimator: what must agree when only the estimator is compared.
std::string without_estimator(const std::string& optimizer_json) {
  auto j = nlohmann::json::parse(optimizer_json, nullptr, false);
  if (j.is_object()) j.erase("estimator");
  return j.dump();
}

bool matches(const ReportRow& row, const RowSelector& s) {
  if (s.model && *s.model != row.model) return false;
  if (s.k && *s.k != row.k) return false;
  if (s.demos && *s.demos != row.demos) return false;
  if (s.optimizer && *s.optimizer != optimizer_kind(row.optimizer) && *s.optimizer != optimizer_label(row.optimizer))
    return false;
  if (s.estimator && (row.scored_once() || *s.estimator != row_estimator(row.optimizer))) return false;
  return true;
}

// Rows a and b agree in every field neither selector names (a baseline without optimizer agrees with any).
bool same_unnamed_fields(const ReportRow& a, const ReportRow& b, const RowSelector& sa, const RowSelector& sb) {
  const bool estimator_only = (sa.estimator || sb.estimator) && !sa.optimizer && !sb.optimizer;
  const bool optimizer = sa.optimizer || sb.optimizer || a.optimizer == b.optimizer || a.scored_once() ||
                         b.scored_once() ||
                         (estimator_only && without_estimator(a.optimizer) == without_estimator(b.optimizer));
  return (sa.model || sb.model || a.model == b.model) && (sa.k || sb.k || a.k == b.k) &&
         (sa.demos || sb.demos || a.demos == b.demos) && optimizer;
}

// The step a row contributes for one of its cells: step 1 for arm=icl and the baselines, else the protocol's choice.
std::optional<std::int64_t> arm_step(const Report& report, const ReportRow& row, const TaskEntry& entry,
                                     const RowSelector& s, const CellSummary& cell) {
  if (row.scored_once() || s.arm == "icl") return 1;
  return chosen_dt_step(report, entry, cell);
}

double mean_of(const std::vector<std::uint8_t>& correct) {
  double sum = 0;
  for (auto c : correct) sum += c;
  return correct.empty() ? 0.0 : sum / static_cast<double>(correct.size());
}

std::string side_text(const RowSelector& s) { return "`" + s.text + "`"; }

}  // namespace

RowSelector parse_row_selector(const std::string& text, const std::string& where) {
  RowSelector s;
  s.text = text;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      fail(where, quote_text(item) + " is not field=value (fields: model, k, demos, optimizer, estimator, arm)");
    const auto field = item.substr(0, eq), value = item.substr(eq + 1);
    if (field == "model") {
      s.model = value;
    } else if (field == "k") {
      if (value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos)
        fail(where, "k=" + quote_text(value) + ": k is a whole number");
      s.k = std::stoll(value);
    } else if (field == "demos") {
      s.demos = value;
    } else if (field == "optimizer") {
      s.optimizer = value;
    } else if (field == "estimator") {
      s.estimator = EstimatorSpec::parse(value, where + ": estimator").name();
    } else if (field == "arm") {
      if (value != "icl" && value != "dt") fail(where, "arm=" + quote_text(value) + ": arm is icl or dt");
      s.arm = value;
    } else {
      fail(where, "unknown field " + quote_text(field) + " (model, k, demos, optimizer, estimator, arm)");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return s;
}

std::vector<RowPairing> compare_rows(const Report& report, const ResultSet& results, const RowSelector& a,
                                     const RowSelector& b) {
  std::map<CellKey, std::map<std::uint64_t, const CellSummary*>> cells;
  for (const auto& c : results.cells) cells[{c.model, c.k, c.demos, c.optimizer, c.task}][c.seed] = &c;
  std::vector<RowPairing> out;
  for (const auto& row_a : report.rows)
    for (const auto& row_b : report.rows) {
      if (&row_a == &row_b || !matches(row_a, a) || !matches(row_b, b) || !same_unnamed_fields(row_a, row_b, a, b))
        continue;
      for (std::size_t t = 0; t < report.tasks.size(); ++t) {
        const auto& task = report.tasks[t];
        RowPairing pairing{&row_a, &row_b, task, {}, std::nullopt, ""};
        if (!row_a.tasks[t] || !row_b.tasks[t]) {
          pairing.note = "no cells";
          out.push_back(std::move(pairing));
          continue;
        }
        const auto& cells_a = cells[{row_a.model, row_a.k, row_a.demos, row_a.optimizer, task}];
        const auto& cells_b = cells[{row_b.model, row_b.k, row_b.demos, row_b.optimizer, task}];
        std::vector<double> differences;
        std::vector<PairedCell> pairs;
        for (const auto& [seed, cell_a] : cells_a) {
          const auto found = cells_b.find(seed);
          if (found == cells_b.end()) continue;
          const auto step_a = arm_step(report, row_a, *row_a.tasks[t], a, *cell_a);
          const auto step_b = arm_step(report, row_b, *row_b.tasks[t], b, *found->second);
          const auto* ca = step_a ? correct_at(*cell_a, report.score, *step_a) : nullptr;
          const auto* cb = step_b ? correct_at(*found->second, report.score, *step_b) : nullptr;
          if (ca == nullptr || cb == nullptr) {
            pairing.note =
                "no " + score_name(report.score) + " predictions at the chosen step of seed " + std::to_string(seed);
            differences.clear();
            break;
          }
          differences.push_back(mean_of(*ca) - mean_of(*cb));
          if (ca->size() == cb->size() && !ca->empty()) pairs.push_back({*ca, *cb});
        }
        if (differences.empty() && pairing.note.empty()) pairing.note = "no seed in common";
        pairing.difference = stat_over_seeds(differences, static_cast<std::int64_t>(differences.size()));
        if (!differences.empty() && pairs.size() == differences.size()) pairing.paired = paired_bootstrap(pairs);
        if (!differences.empty() && !pairing.paired) pairing.note = "the paired cells score different queries";
        out.push_back(std::move(pairing));
      }
    }
  return out;
}

std::string row_estimator(const std::string& optimizer_json) {
  const auto j = nlohmann::json::parse(optimizer_json, nullptr, false);
  if (!j.is_object()) return "";
  return j.contains("estimator") && j["estimator"].is_string() ? j["estimator"].get<std::string>() : "released";
}

std::string render_row_comparison(const Report& report, const RowSelector& a, const RowSelector& b,
                                  const std::vector<RowPairing>& pairings) {
  std::ostringstream out;
  out << "### Paired comparison (" << score_name(report.score) << "): A = " << side_text(a)
      << " vs B = " << side_text(b) << "\n\n";
  if (pairings.empty()) {
    out << "No two rows match A and B while agreeing in every other field.\n\n";
    return out.str();
  }
  out << "| A | B | task | A − B | seeds A wins | 95 % interval |\n|---|---|---|---|---|---|\n";
  for (const auto& p : pairings) {
    out << "| " << row_label(*p.a) << " | " << row_label(*p.b) << " | " << p.task << " | ";
    if (!p.difference.available()) {
      out << "— (" << p.note << ") | — | — |\n";
      continue;
    }
    char text[96];
    std::snprintf(text, sizeof text, "%+.1f ± %.1f", 100 * p.difference.mean, 100 * p.difference.std);
    out << text << " | ";
    if (p.paired) {
      std::snprintf(text, sizeof text, "%lld/%lld | [%+.1f, %+.1f]%s |", static_cast<long long>(p.paired->wins),
                    static_cast<long long>(p.paired->wins + p.paired->losses + p.paired->ties), 100 * p.paired->low,
                    100 * p.paired->high, p.paired->clearly_better() ? "" : " †");
      out << text << "\n";
    } else {
      out << "— | — (" << p.note << ") |\n";
    }
  }
  out << "\nAccuracy in percentage points, A minus B on the same seeds (mean ± std of the per-seed differences); each "
         "row contributes Deep-Thinking at the step the protocol chose, or step 1 for arm=icl and for the baselines "
         "scored once (zero-shot, repeat:R). The interval resamples the seeds, then each seed's queries (the same for "
         "both), 2,000 times from a fixed seed; † marks A not better than B: the interval includes 0. "
      << report.protocol.describe() << "\n\n";
  return out.str();
}

}  // namespace dt
