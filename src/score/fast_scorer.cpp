// score_fast: prompts forwarded once per query (sorted by length, batched), choices continued from the prompt's KV
// with their tokens but the last, logits only where a choice token is scored, the exemplar shared without copies.
#include <algorithm>
#include <numeric>

#include "scorers.h"

namespace dt::scoring {
namespace {

// All choices of the query condition on the same tokens ids[:choice_start]: one prompt forward serves them all.
bool shares_prompt(const QueryChoices& q) {
  const auto& first = q.choices.front();
  for (const auto& seq : q.choices) {
    if (seq.choice_start != first.choice_start) return false;
    if (!std::equal(seq.ids.begin(), seq.ids.begin() + seq.choice_start, first.ids.begin())) return false;
  }
  return true;
}

}  // namespace

void score_fast(const DecoderLM& model, const KVCache& exemplar, const std::vector<QueryChoices>& queries,
                const ScoringOptions& options, TokenLogProbs& out, ScoringStats& stats) {
  const auto device = model.info().device;
  const auto L = exemplar.seq_len();
  std::vector<std::size_t> shared;
  std::vector<ChoiceRef> fallback;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    if (shares_prompt(queries[q])) {
      shared.push_back(q);
    } else {
      ++stats.fallback_queries;
      for (std::size_t c = 0; c < queries[q].choices.size(); ++c) fallback.emplace_back(q, c);
    }
  }
  // Longest prompts first: batches of similar length waste little padding.
  std::stable_sort(shared.begin(), shared.end(), [&](std::size_t a, std::size_t b) {
    return queries[a].choices.front().choice_start > queries[b].choices.front().choice_start;
  });
  const auto max_rows = static_cast<std::size_t>(std::max<std::int64_t>(1, options.batch_size));
  const auto step = max_rows;
  for (std::size_t begin = 0, end = 0; begin < shared.size(); begin = end) {
    // The longest prompt of the batch comes first; add shorter ones while the padded batch fits the budget.
    const auto longest = queries[shared[begin]].choices.front().choice_start;
    end = begin + 1;
    while (end < shared.size() && end - begin < max_rows &&
           static_cast<std::int64_t>(end - begin + 1) * longest <= std::max(options.token_budget, longest))
      ++end;
    const auto B = static_cast<std::int64_t>(end - begin);
    std::vector<std::int64_t> prompt_len;
    for (auto i = begin; i < end; ++i) prompt_len.push_back(queries[shared[i]].choices.front().choice_start);
    const auto P = *std::max_element(prompt_len.begin(), prompt_len.end());

    // 1. Prompts: one forward; the last prompt row scores every choice's first token.
    std::vector<std::int64_t> ids(static_cast<std::size_t>(B * P), 0), valid(static_cast<std::size_t>(B * P), 0), rows;
    std::vector<RowRequest> requests;
    for (std::int64_t b = 0; b < B; ++b) {
      const auto q = shared[begin + static_cast<std::size_t>(b)];
      const auto& first = queries[q].choices.front();
      const auto n = prompt_len[static_cast<std::size_t>(b)];
      for (std::int64_t i = 0; i < n; ++i) {
        ids[static_cast<std::size_t>(b * P + i)] = first.ids[static_cast<std::size_t>(i)];
        valid[static_cast<std::size_t>(b * P + i)] = 1;
      }
      rows.push_back(b * P + n - 1);
      for (std::size_t c = 0; c < queries[q].choices.size(); ++c) {
        const auto& seq = queries[q].choices[c];
        requests.push_back({b, seq.ids[static_cast<std::size_t>(seq.choice_start)], static_cast<std::int32_t>(q), static_cast<std::int32_t>(c), 0});
      }
    }
    const auto prompt = model.forward(make_causal_batch(long_tensor(ids, device).view({B, P}), L,
                                                        long_tensor(valid, device).view({B, P}).to(at::kBool)),
                                      PastKV{&exemplar}, long_tensor(rows, device));
    out.take(prompt.logits, requests);
    count_forward(stats, B, P, std::accumulate(prompt_len.begin(), prompt_len.end(), std::int64_t{0}), L, B);
    if (options.progress) options.progress(end, queries.size());

    // 2. Continuations: every choice longer than one token, its tokens but the last, after its prompt's KV.
    struct Continuation {
      std::int64_t row_of_prompt;
      std::size_t query, choice;
    };
    std::vector<Continuation> continuations;
    for (std::int64_t b = 0; b < B; ++b) {
      const auto q = shared[begin + static_cast<std::size_t>(b)];
      for (std::size_t c = 0; c < queries[q].choices.size(); ++c) {
        const auto& seq = queries[q].choices[c];
        if (seq.choice_end - seq.choice_start > 1) continuations.push_back({b, q, c});
      }
    }
    const auto chunk = step * 4;
    for (std::size_t cb = 0; cb < continuations.size(); cb += chunk) {
      const auto ce = std::min(continuations.size(), cb + chunk);
      const auto R = static_cast<std::int64_t>(ce - cb);
      std::int64_t S = 0, real = 0;
      for (auto i = cb; i < ce; ++i) {
        const auto& seq = queries[continuations[i].query].choices[continuations[i].choice];
        S = std::max(S, seq.choice_end - seq.choice_start - 1);
      }
      std::vector<std::int64_t> cids(static_cast<std::size_t>(R * S), 0), cvalid(static_cast<std::size_t>(R * S), 0), crows, owners, prefix;
      std::vector<RowRequest> creq;
      for (std::int64_t r = 0; r < R; ++r) {
        const auto& ct = continuations[cb + static_cast<std::size_t>(r)];
        const auto& seq = queries[ct.query].choices[ct.choice];
        owners.push_back(ct.row_of_prompt);
        prefix.push_back(prompt_len[static_cast<std::size_t>(ct.row_of_prompt)]);
        const auto n = seq.choice_end - seq.choice_start - 1;
        real += n;
        for (std::int64_t i = 0; i < n; ++i) {
          cids[static_cast<std::size_t>(r * S + i)] = seq.ids[static_cast<std::size_t>(seq.choice_start + i)];
          cvalid[static_cast<std::size_t>(r * S + i)] = 1;
          creq.push_back({static_cast<std::int64_t>(crows.size()), seq.ids[static_cast<std::size_t>(seq.choice_start + i + 1)],
                          static_cast<std::int32_t>(ct.query), static_cast<std::int32_t>(ct.choice), static_cast<std::int32_t>(i + 1)});
          crows.push_back(r * S + i);
        }
      }
      const auto prompt_kv = prompt.new_kv.index_batch(long_tensor(owners, device));
      const auto batch = make_continuation_batch(long_tensor(cids, device).view({R, S}), long_tensor(cvalid, device).view({R, S}).to(at::kBool),
                                                 L, prefix, P);
      const auto result = model.forward(batch, PastKV{&exemplar, &prompt_kv}, long_tensor(crows, device));
      out.take(result.logits, creq);
      count_forward(stats, R, S, real, L + P, static_cast<std::int64_t>(crows.size()));
    }
  }
  // 3. Queries whose choices condition on different tokens: whole sequences.
  score_full_sequences(model, exemplar, queries, fallback, options.batch_size, out, stats);
}

}  // namespace dt::scoring
