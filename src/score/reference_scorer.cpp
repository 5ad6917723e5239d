// score_reference: the released code's batching (do_infer_probs): per batch of queries and per choice index, every
// sequence right-padded to the same length, the exemplar KV expanded over the batch, log_softmax at every position.
#include <algorithm>

#include "scorers.h"

namespace dt::scoring {

void score_reference(const DecoderLM& model, const KVCache& exemplar, const std::vector<QueryChoices>& queries,
                     const ScoringOptions& options, TokenLogProbs& out, ScoringStats& stats) {
  const auto device = model.info().device;
  const auto past_len = exemplar.seq_len();
  std::int64_t P = options.padded_length;
  for (const auto& q : queries)
    for (const auto& seq : q.choices) P = std::max<std::int64_t>(P, static_cast<std::int64_t>(seq.ids.size()));
  const auto pad = padding_token_id(model.info());
  const auto step = static_cast<std::size_t>(std::max<std::int64_t>(1, options.batch_size));
  for (std::size_t begin = 0; begin < queries.size(); begin += step) {
    const auto end = std::min(queries.size(), begin + step);
    std::size_t max_choices = 0;
    for (auto q = begin; q < end; ++q) max_choices = std::max(max_choices, queries[q].choices.size());
    for (std::size_t c = 0; c < max_choices; ++c) {
      std::vector<std::size_t> members;
      for (auto q = begin; q < end; ++q)
        if (c < queries[q].choices.size()) members.push_back(q);
      const auto B = static_cast<std::int64_t>(members.size());
      std::vector<std::int64_t> ids(static_cast<std::size_t>(B * P), pad), valid(static_cast<std::size_t>(B * P), 0);
      std::vector<RowRequest> requests;
      std::int64_t real = 0;
      for (std::int64_t b = 0; b < B; ++b) {
        const auto q = members[static_cast<std::size_t>(b)];
        const auto& seq = queries[q].choices[c];
        for (std::size_t i = 0; i < seq.ids.size(); ++i) {
          ids[static_cast<std::size_t>(b * P) + i] = seq.ids[i];
          valid[static_cast<std::size_t>(b * P) + i] = 1;
        }
        real += static_cast<std::int64_t>(seq.ids.size());
        for (auto i = seq.choice_start; i < seq.choice_end; ++i)
          requests.push_back({b * P + i - 1, seq.ids[static_cast<std::size_t>(i)], static_cast<std::int32_t>(q),
                              static_cast<std::int32_t>(c), static_cast<std::int32_t>(i - seq.choice_start)});
      }
      // The released code passes the exemplar KV expanded to the batch.
      std::vector<LayerKV> expanded;
      for (const auto& l : exemplar.layers())
        expanded.push_back({l.k.expand({B, -1, -1, -1}), l.v.expand({B, -1, -1, -1})});
      const KVCache past_cache(std::move(expanded));
      const auto ids_t = long_tensor(ids, device).view({B, P});
      const auto valid_t = long_tensor(valid, device).view({B, P}).to(at::kBool);
      const auto every_row = at::arange(B * P, at::TensorOptions().dtype(at::kLong).device(device));
      const auto result = model.forward(make_causal_batch(ids_t, past_len, valid_t), PastKV{&past_cache}, every_row);
      out.take_log_probs(at::log_softmax(result.logits.to(at::kFloat), -1), requests);
      count_forward(stats, B, P, real, B * P, result.attention_pairs);
    }
    if (options.progress) options.progress(end, queries.size());
  }
}

}  // namespace dt::scoring
