// argmax_first and evaluate_step: the prediction and accuracy rules every stored score follows.
#include "dt/results/cell_run.h"

#include <algorithm>

namespace dt {

int argmax_first(const std::vector<double>& values) {
  int best = 0;
  for (int i = 1; i < static_cast<int>(values.size()); ++i)
    if (values[static_cast<std::size_t>(i)] > values[static_cast<std::size_t>(best)]) best = i;
  return best;
}

StepEvaluation evaluate_step(std::int64_t step, std::vector<QueryScores> scores,
                             const std::vector<std::int64_t>& answers) {
  StepEvaluation e;
  e.step = step;
  for (std::size_t q = 0; q < scores.size(); ++q) {
    e.correct_lm_log_p += scores[q].pred_lm_log_p == answers[q];
    e.correct_norm_lm_log_p += scores[q].pred_norm_lm_log_p == answers[q];
  }
  const double n = std::max<double>(1.0, static_cast<double>(scores.size()));
  e.accuracy_lm_log_p = static_cast<double>(e.correct_lm_log_p) / n;
  e.accuracy_norm_lm_log_p = static_cast<double>(e.correct_norm_lm_log_p) / n;
  e.scores = std::move(scores);
  return e;
}

}  // namespace dt
