// TokenLogProbs: the per-token log-probabilities every scoring mode gathers, and the one place that turns them into
// scores. A request says "the logits row r of this forward scores token t of choice c of query q"; several requests
// may share a row (a prompt's last row scores the first token of every choice). Choices of one query with the same
// tokens and span (BBH lists some option twice) get the first one's scores, so they tie exactly and the first index
// wins, as in the reference, whatever rounding the row a mode scores them in brings.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "dt/score/choice_scorer.h"

namespace dt::scoring {

struct RowRequest {
  std::int64_t row;                   // index into the rows whose logits the forward computed
  std::int64_t target;                // the token whose log-prob is wanted
  std::int32_t query, choice, token;  // token: 0 = the choice's first token
};

class TokenLogProbs {
 public:
  explicit TokenLogProbs(const std::vector<QueryChoices>& queries);

  // log_softmax (float32) of `logits` [R, V], gathered at the requests, copied to the host once.
  void take(const at::Tensor& logits, const std::vector<RowRequest>& requests);
  // log_softmax already computed over full rows ([R, V] float32), gathered at the requests.
  void take_log_probs(const at::Tensor& log_probs, const std::vector<RowRequest>& requests);

  // Sums in token order (float32), means, predictions.
  std::vector<QueryScores> scores() const;

 private:
  std::vector<std::vector<std::vector<float>>> values_;  // [query][choice][token]
  std::vector<std::vector<std::size_t>> same_as_;        // [query][choice]: the first choice with its tokens and span
};

}  // namespace dt::scoring
