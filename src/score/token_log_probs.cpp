// TokenLogProbs: gather on the device, sum on the host. A gathered log-probability that is not finite is an error
// naming the query and choice (the logits held NaN or infinite values), never a silent tie or a NaN score.
#include "token_log_probs.h"

#include <cmath>

#include "dt/model/forward_batch.h"
#include "dt/model/stage_clock.h"
#include "dt/util/error.h"

namespace dt::scoring {

TokenLogProbs::TokenLogProbs(const std::vector<QueryChoices>& queries)
    : values_(queries.size()), same_as_(queries.size()) {
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const auto& choices = queries[q].choices;
    values_[q].resize(choices.size());
    for (std::size_t c = 0; c < choices.size(); ++c) {
      const auto& seq = choices[c];
      values_[q][c].assign(static_cast<std::size_t>(seq.choice_end - seq.choice_start),
                           std::numeric_limits<float>::quiet_NaN());
      std::size_t first = 0;
      while (first < c && !(choices[first].ids == seq.ids && choices[first].choice_start == seq.choice_start &&
                            choices[first].choice_end == seq.choice_end))
        ++first;
      same_as_[q].push_back(first);
    }
  }
}

void TokenLogProbs::take(const at::Tensor& logits, const std::vector<RowRequest>& requests) {
  StageTimer timer(Stage::LogSoftmax);
  take_log_probs(at::log_softmax(logits.to(at::kFloat), -1), requests);
}

void TokenLogProbs::take_log_probs(const at::Tensor& log_probs, const std::vector<RowRequest>& requests) {
  if (requests.empty()) return;
  std::vector<std::int64_t> rows, targets;
  rows.reserve(requests.size());
  targets.reserve(requests.size());
  for (const auto& r : requests) {
    rows.push_back(r.row);
    targets.push_back(r.target);
  }
  const auto device = log_probs.device();
  const auto picked =
      log_probs.index({long_tensor(rows, device), long_tensor(targets, device)}).to(at::kCPU).contiguous();
  const float* v = picked.data_ptr<float>();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    if (!std::isfinite(v[i]))
      throw Error("query " + std::to_string(r.query) + " choice " + std::to_string(r.choice) +
                  ": the log-probability of its token " + std::to_string(r.token) +
                  " is not finite (the model's logits hold NaN or infinite values)");
    values_.at(static_cast<std::size_t>(r.query))
        .at(static_cast<std::size_t>(r.choice))
        .at(static_cast<std::size_t>(r.token)) = v[i];
  }
}

std::vector<QueryScores> TokenLogProbs::scores() const {
  std::vector<QueryScores> out(values_.size());
  for (std::size_t q = 0; q < values_.size(); ++q) {
    auto& s = out[q];
    for (std::size_t c = 0; c < values_[q].size(); ++c) {
      const auto& tokens = values_[q][same_as_[q][c]];
      float total = 0.0f;
      for (float v : tokens) total += v;
      if (tokens.empty() || std::isnan(total)) throw Error("internal: a choice token was not scored");
      s.lm_log_p.push_back(total);
      s.norm_lm_log_p.push_back(static_cast<double>(total / static_cast<float>(tokens.size())));
      s.first_token_log_p.push_back(tokens.front());
    }
    s.pred_lm_log_p = argmax_first(s.lm_log_p);
    s.pred_norm_lm_log_p = argmax_first(s.norm_lm_log_p);
  }
  return out;
}

}  // namespace dt::scoring
