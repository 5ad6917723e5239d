// score_full_sequences: each (query, choice) forwarded whole after the exemplar, batched and right-padded.
#include "scorers.h"

#include <algorithm>

namespace dt::scoring {

void score_full_sequences(const DecoderLM& model, const KVCache& exemplar, const std::vector<QueryChoices>& queries,
                          const std::vector<ChoiceRef>& which, std::int64_t batch_size, TokenLogProbs& out, ScoringStats& stats) {
  const auto device = model.info().device;
  const auto past_len = exemplar.seq_len();
  const PastKV past{&exemplar};
  const auto step = static_cast<std::size_t>(std::max<std::int64_t>(1, batch_size));
  for (std::size_t begin = 0; begin < which.size(); begin += step) {
    const auto end = std::min(which.size(), begin + step);
    const auto B = static_cast<std::int64_t>(end - begin);
    std::int64_t S = 0, real = 0;
    for (auto i = begin; i < end; ++i) S = std::max<std::int64_t>(S, static_cast<std::int64_t>(queries[which[i].first].choices[which[i].second].ids.size()));
    std::vector<std::int64_t> ids(static_cast<std::size_t>(B * S), 0);
    std::vector<std::int64_t> valid(static_cast<std::size_t>(B * S), 0);
    std::vector<std::int64_t> rows;
    std::vector<RowRequest> requests;
    for (std::int64_t b = 0; b < B; ++b) {
      const auto [q, c] = which[begin + static_cast<std::size_t>(b)];
      const auto& seq = queries[q].choices[c];
      for (std::size_t i = 0; i < seq.ids.size(); ++i) {
        ids[static_cast<std::size_t>(b * S) + i] = seq.ids[i];
        valid[static_cast<std::size_t>(b * S) + i] = 1;
      }
      real += static_cast<std::int64_t>(seq.ids.size());
      for (auto i = seq.choice_start; i < seq.choice_end; ++i) {
        requests.push_back({static_cast<std::int64_t>(rows.size()), seq.ids[static_cast<std::size_t>(i)], static_cast<std::int32_t>(q),
                            static_cast<std::int32_t>(c), static_cast<std::int32_t>(i - seq.choice_start)});
        rows.push_back(b * S + i - 1);
      }
    }
    const auto ids_t = long_tensor(ids, device).view({B, S});
    const auto valid_t = long_tensor(valid, device).view({B, S}).to(at::kBool);
    const auto result = model.forward(make_causal_batch(ids_t, past_len, valid_t), past, long_tensor(rows, device));
    out.take(result.logits, requests);
    count_forward(stats, B, S, real, past_len, static_cast<std::int64_t>(rows.size()));
  }
}

}  // namespace dt::scoring
