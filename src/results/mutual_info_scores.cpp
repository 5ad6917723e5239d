// write_mutual_info (see mutual_info_scores.h).
#include "dt/results/mutual_info_scores.h"

#include <algorithm>
#include <limits>

namespace dt {

void write_mutual_info(Hdf5File& h5, const CellRecord& record, std::int64_t choices) {
  const auto& run = *record.run;
  const auto& answers = record.tokens->answers;
  if (run.unconditional.empty()) return;
  const auto Q = static_cast<std::int64_t>(run.unconditional.size());
  const auto E = static_cast<std::int64_t>(run.evaluations.size());
  const auto C = choices;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> unconditional(static_cast<std::size_t>(Q * C), nan), scores(static_cast<std::size_t>(E * Q * C), nan);
  std::vector<std::int64_t> predictions;
  std::vector<double> accuracy;
  for (std::int64_t q = 0; q < Q; ++q)
    for (std::size_t c = 0; c < run.unconditional[static_cast<std::size_t>(q)].lm_log_p.size(); ++c)
      unconditional[static_cast<std::size_t>(q * C) + c] =
          static_cast<float>(run.unconditional[static_cast<std::size_t>(q)].lm_log_p[c]);
  for (std::int64_t e = 0; e < E; ++e) {
    std::int64_t correct = 0;
    for (std::int64_t q = 0; q < Q; ++q) {
      const auto& conditional = run.evaluations[static_cast<std::size_t>(e)].scores[static_cast<std::size_t>(q)].lm_log_p;
      const auto& alone = run.unconditional[static_cast<std::size_t>(q)].lm_log_p;
      std::vector<double> values;
      for (std::size_t c = 0; c < conditional.size(); ++c) {
        values.push_back(conditional[c] - alone.at(c));
        scores[static_cast<std::size_t>((e * Q + q) * C) + c] = static_cast<float>(values.back());
      }
      const std::int64_t best = argmax_first(values);
      predictions.push_back(best);
      correct += best == answers[static_cast<std::size_t>(q)];
    }
    accuracy.push_back(static_cast<double>(correct) / static_cast<double>(std::max<std::int64_t>(1, Q)));
  }
  h5.write("/queries/unconditional_log_p", {Q, C}, unconditional);
  h5.write("/scores/mutual_info", {E, Q, C}, scores);
  h5.write("/predictions/mutual_info", {E, Q}, predictions);
  h5.write("/accuracy/mutual_info", {E}, accuracy);
}

}  // namespace dt
