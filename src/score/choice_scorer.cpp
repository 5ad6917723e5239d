// Choice scoring over right-padded batches with logits only at the scored rows.
#include "dt/score/choice_scorer.h"

#include <c10/core/InferenceMode.h>

#include <algorithm>

#include "dt/util/error.h"

namespace dt {

int argmax_first(const std::vector<double>& values) {
  int best = 0;
  for (int i = 1; i < static_cast<int>(values.size()); ++i)
    if (values[static_cast<std::size_t>(i)] > values[static_cast<std::size_t>(best)]) best = i;
  return best;
}

void validate_choices(const DecoderLM& model, std::int64_t past_length, const std::vector<QueryChoices>& queries) {
  const auto& info = model.info();
  for (std::size_t q = 0; q < queries.size(); ++q) {
    if (queries[q].choices.empty()) throw Error("query " + std::to_string(q) + " has no choices");
    for (std::size_t c = 0; c < queries[q].choices.size(); ++c) {
      const auto& seq = queries[q].choices[c];
      const auto n = static_cast<std::int64_t>(seq.ids.size());
      const std::string where = "query " + std::to_string(q) + " choice " + std::to_string(c);
      if (seq.choice_start < 1 || seq.choice_start >= seq.choice_end || seq.choice_end != n)
        throw Error(where + ": choice span [" + std::to_string(seq.choice_start) + ", " + std::to_string(seq.choice_end) +
                    ") is not a non-empty tail of its " + std::to_string(n) + " tokens after at least one prompt token");
      if (info.max_positions > 0 && past_length + n > info.max_positions)
        throw Error(where + ": " + std::to_string(past_length) + " demonstration + " + std::to_string(n) +
                    " query tokens exceed the model's " + std::to_string(info.max_positions) + " positions");
      for (auto id : seq.ids)
        if (id < 0 || id >= info.vocab_size)
          throw Error(where + ": token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(info.vocab_size));
    }
  }
}

std::vector<QueryScores> score_choices(const DecoderLM& model, const KVCache& exemplar,
                                       const std::vector<QueryChoices>& queries, const ScoringOptions& options) {
  c10::InferenceMode inference_mode;
  const auto past_len = exemplar.seq_len();
  validate_choices(model, past_len, queries);
  struct Ref {
    std::size_t query, choice;
  };
  std::vector<Ref> refs;
  for (std::size_t q = 0; q < queries.size(); ++q)
    for (std::size_t c = 0; c < queries[q].choices.size(); ++c) refs.push_back({q, c});

  std::vector<QueryScores> scores(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q) {
    scores[q].lm_log_p.assign(queries[q].choices.size(), 0.0);
    scores[q].norm_lm_log_p.assign(queries[q].choices.size(), 0.0);
    scores[q].first_token_log_p.assign(queries[q].choices.size(), 0.0);
  }
  const auto device = model.info().device;
  const auto batch_size = static_cast<std::size_t>(std::max<std::int64_t>(1, options.batch_size));
  PastKV past{&exemplar};
  for (std::size_t begin = 0; begin < refs.size(); begin += batch_size) {
    const auto end = std::min(refs.size(), begin + batch_size);
    const auto B = static_cast<std::int64_t>(end - begin);
    std::int64_t S = 0;
    for (auto i = begin; i < end; ++i)
      S = std::max<std::int64_t>(S, static_cast<std::int64_t>(queries[refs[i].query].choices[refs[i].choice].ids.size()));
    std::vector<std::int64_t> ids(static_cast<std::size_t>(B * S), 0);
    std::vector<std::uint8_t> valid(static_cast<std::size_t>(B * S), 0);
    std::vector<std::int64_t> rows, targets, owner, first_rows;
    for (std::int64_t b = 0; b < B; ++b) {
      const auto& seq = queries[refs[begin + static_cast<std::size_t>(b)].query].choices[refs[begin + static_cast<std::size_t>(b)].choice];
      for (std::size_t i = 0; i < seq.ids.size(); ++i) {
        ids[static_cast<std::size_t>(b * S) + i] = seq.ids[i];
        valid[static_cast<std::size_t>(b * S) + i] = 1;
      }
      first_rows.push_back(static_cast<std::int64_t>(rows.size()));
      for (auto i = seq.choice_start; i < seq.choice_end; ++i) {
        rows.push_back(b * S + i - 1);
        targets.push_back(seq.ids[static_cast<std::size_t>(i)]);
        owner.push_back(b);
      }
    }
    const auto long_opts = at::TensorOptions().dtype(at::kLong);
    const auto ids_t = at::tensor(ids, long_opts).view({B, S}).to(device);
    const auto valid_t = at::tensor(valid, at::TensorOptions().dtype(at::kByte)).view({B, S}).to(device).to(at::kBool);
    const auto rows_t = at::tensor(rows, long_opts).to(device);
    const auto targets_t = at::tensor(targets, long_opts).to(device);
    auto out = model.forward(make_causal_batch(ids_t, past_len, valid_t), past, rows_t);
    const auto logp = at::log_softmax(out.logits.to(at::kFloat), -1).gather(1, targets_t.unsqueeze(1)).squeeze(1);
    // Per-sequence sums in float32, as the reference sums a float32 tensor.
    const auto owner_t = at::tensor(owner, long_opts).to(device);
    const auto sums = at::zeros({B}, logp.options()).index_add_(0, owner_t, logp).to(at::kCPU);
    const float* sum = sums.data_ptr<float>();
    const auto firsts = logp.index_select(0, at::tensor(first_rows, long_opts).to(device)).to(at::kCPU);
    const float* first = firsts.data_ptr<float>();
    for (std::int64_t b = 0; b < B; ++b) {
      const auto& ref = refs[begin + static_cast<std::size_t>(b)];
      const auto& seq = queries[ref.query].choices[ref.choice];
      const float total = sum[b];
      const float count = static_cast<float>(seq.choice_end - seq.choice_start);
      scores[ref.query].lm_log_p[ref.choice] = total;
      scores[ref.query].norm_lm_log_p[ref.choice] = static_cast<double>(total / count);
      scores[ref.query].first_token_log_p[ref.choice] = first[b];
    }
  }
  for (auto& s : scores) {
    s.pred_lm_log_p = argmax_first(s.lm_log_p);
    s.pred_norm_lm_log_p = argmax_first(s.norm_lm_log_p);
  }
  return scores;
}

}  // namespace dt
