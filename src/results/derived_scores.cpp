// write_mutual_info and write_calibrated (see derived_scores.h): one writer of a derived score, two baselines.
#include "dt/results/derived_scores.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace dt {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The log-probs of `scores` as a [rows, C] array (NaN past each row's last choice).
std::vector<float> log_p_table(const std::vector<QueryScores>& scores, std::int64_t C) {
  std::vector<float> out(scores.size() * static_cast<std::size_t>(C), kNaN);
  for (std::size_t q = 0; q < scores.size(); ++q)
    for (std::size_t c = 0; c < scores[q].lm_log_p.size(); ++c)
      out[q * static_cast<std::size_t>(C) + c] = static_cast<float>(scores[q].lm_log_p[c]);
  return out;
}

// /scores/<name>, /predictions/<name>, /accuracy/<name>: per evaluated step e and query q, lm_log_p minus
// baseline(e, q) choice by choice.
void write_derived(Hdf5File& h5, const CellRecord& record, std::int64_t C, const std::string& name,
                   const std::function<const std::vector<double>&(std::size_t, std::size_t)>& baseline) {
  const auto& run = *record.run;
  const auto& answers = record.tokens.answers;
  const auto Q = static_cast<std::int64_t>(answers.size());
  const auto E = static_cast<std::int64_t>(run.evaluations.size());
  std::vector<float> scores(static_cast<std::size_t>(E * Q * C), kNaN);
  std::vector<std::int64_t> predictions;
  std::vector<double> accuracy;
  for (std::size_t e = 0; e < run.evaluations.size(); ++e) {
    std::int64_t correct = 0;
    for (std::size_t q = 0; q < answers.size(); ++q) {
      const auto& conditional = run.evaluations[e].scores[q].lm_log_p;
      const auto& base = baseline(e, q);
      std::vector<double> values;
      for (std::size_t c = 0; c < conditional.size(); ++c) {
        values.push_back(conditional[c] - base.at(c));
        scores[(e * answers.size() + q) * static_cast<std::size_t>(C) + c] = static_cast<float>(values.back());
      }
      const std::int64_t best = argmax_first(values);
      predictions.push_back(best);
      correct += best == answers[q];
    }
    accuracy.push_back(static_cast<double>(correct) / static_cast<double>(std::max<std::int64_t>(1, Q)));
  }
  h5.write("/scores/" + name, {E, Q, C}, scores);
  h5.write("/predictions/" + name, {E, Q}, predictions);
  h5.write("/accuracy/" + name, {E}, accuracy);
}

}  // namespace

void write_mutual_info(Hdf5File& h5, const CellRecord& record, std::int64_t choices) {
  const auto& run = *record.run;
  if (run.unconditional.empty()) return;
  h5.write("/queries/unconditional_log_p", {static_cast<std::int64_t>(run.unconditional.size()), choices},
           log_p_table(run.unconditional, choices));
  write_derived(h5, record, choices, "mutual_info", [&](std::size_t, std::size_t q) -> const std::vector<double>& {
    return run.unconditional[q].lm_log_p;
  });
}

void write_calibrated(Hdf5File& h5, const CellRecord& record, std::int64_t choices) {
  const auto& run = *record.run;
  const auto& index = record.tokens.content_free_index;
  if (record.tokens.content_free_queries == 0 || run.evaluations.empty()) return;
  const auto U = record.tokens.content_free_queries;
  std::vector<float> content_free;
  for (const auto& e : run.evaluations) {
    const auto table = log_p_table(e.content_free, choices);
    content_free.insert(content_free.end(), table.begin(), table.end());
  }
  h5.write("/queries/content_free_index", {static_cast<std::int64_t>(index.size())}, index);
  h5.write("/scores/content_free_log_p", {static_cast<std::int64_t>(run.evaluations.size()), U, choices}, content_free);
  write_derived(h5, record, choices, "calibrated", [&](std::size_t e, std::size_t q) -> const std::vector<double>& {
    return run.evaluations[e].content_free.at(static_cast<std::size_t>(index.at(q))).lm_log_p;
  });
}

}  // namespace dt
