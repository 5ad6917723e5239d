// score_fast: ragged batching. Each forward is one row of real tokens only: several independent segments packed end
// to end (make_packed_batch), each at its own positions after the shared exemplar and blind to the others.
//   1. prompts: every query's prompt once (queries whose choices share it); the prompt's last row scores the first
//      token of every choice;
//   2. continuations: every choice longer than one token, its tokens but the last, after the exemplar and its own
//      prompt's keys (the prompt forward's KV, shared by the whole pack without copies);
//   3. queries whose choices condition on different tokens: every choice's whole sequence.
// Logits are computed only at the rows that score a choice token. No padding is forwarded.
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

// One packed row being built: its tokens, segments, the logit rows it computes and what each row scores.
struct Pack {
  std::vector<std::int64_t> ids;
  std::vector<PackedSegment> segments;
  std::vector<std::int64_t> rows;
  std::vector<RowRequest> requests;

  std::int64_t size() const { return static_cast<std::int64_t>(ids.size()); }
  // Appends `tokens` as a segment whose first token sits at `position` and which sees `past` keys; returns its start.
  std::int64_t add(const std::int64_t* tokens, std::int64_t n, std::int64_t position,
                   std::vector<std::pair<std::int64_t, std::int64_t>> past) {
    const auto start = size();
    ids.insert(ids.end(), tokens, tokens + n);
    segments.push_back({start, n, position, std::move(past)});
    return start;
  }
  // Row `at` of this pack scores `target` as token `token` of (query, choice).
  void score(std::int64_t at, std::int64_t target, std::size_t query, std::size_t choice, std::int64_t token) {
    if (rows.empty() || rows.back() != at) rows.push_back(at);
    requests.push_back({static_cast<std::int64_t>(rows.size()) - 1, target, static_cast<std::int32_t>(query),
                        static_cast<std::int32_t>(choice), static_cast<std::int32_t>(token)});
  }
};

// Forwards `pack` after `past` (whose keys sit at `past_positions`) and gathers its requests.
ForwardOutput run_pack(const DecoderLM& model, const Pack& pack, const PastKV& past,
                       const std::vector<std::int64_t>& past_positions, TokenLogProbs& out, ScoringStats& stats) {
  const auto device = model.info().device;
  const auto S = pack.size();
  auto result =
      model.forward(make_packed_batch(long_tensor(pack.ids, device).view({1, S}), pack.segments, past_positions), past,
                    long_tensor(pack.rows, device));
  out.take(result.logits, pack.requests);
  count_forward(stats, 1, S, S, static_cast<std::int64_t>(pack.rows.size()), result.attention_pairs);
  return result;
}

std::vector<std::int64_t> iota_positions(std::int64_t n) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  std::iota(out.begin(), out.end(), std::int64_t{0});
  return out;
}

}  // namespace

void score_fast(const DecoderLM& model, const KVCache& exemplar, const std::vector<QueryChoices>& queries,
                const ScoringOptions& options, TokenLogProbs& out, ScoringStats& stats) {
  const auto L = exemplar.seq_len();
  const auto budget = std::max<std::int64_t>(1, options.token_budget);
  const auto max_queries = static_cast<std::size_t>(std::max<std::int64_t>(1, options.batch_size));
  const auto exemplar_positions = iota_positions(L);
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
  // Packs of similar lengths: a packed row's attention pads its segments to the longest (segmented_attention.h).
  std::stable_sort(shared.begin(), shared.end(), [&](std::size_t a, std::size_t b) {
    return queries[a].choices.front().choice_start < queries[b].choices.front().choice_start;
  });
  std::size_t scored = 0;
  for (std::size_t begin = 0, end = 0; begin < shared.size(); begin = end) {
    // 1. A pack of prompts: as many as fit the token budget (at least one), at most batch_size.
    Pack prompts;
    std::vector<std::int64_t> prompt_start;
    for (end = begin; end < shared.size() && end - begin < max_queries; ++end) {
      const auto& first = queries[shared[end]].choices.front();
      if (end > begin && prompts.size() + first.choice_start > budget) break;
      prompt_start.push_back(prompts.add(first.ids.data(), first.choice_start, L, {{0, L}}));
      const auto last = prompt_start.back() + first.choice_start - 1;
      for (std::size_t c = 0; c < queries[shared[end]].choices.size(); ++c) {
        const auto& seq = queries[shared[end]].choices[c];
        prompts.score(last, seq.ids[static_cast<std::size_t>(seq.choice_start)], shared[end], c, 0);
      }
    }
    const auto prompt_result = run_pack(model, prompts, PastKV{&exemplar}, exemplar_positions, out, stats);
    scored += end - begin;
    if (options.progress) options.progress(scored, queries.size());

    // 2. Continuations after the exemplar and their own prompt (keys L + start .. of the prompt pack's KV).
    auto past_positions = exemplar_positions;
    for (std::size_t i = 0; i < prompt_start.size(); ++i)
      for (std::int64_t t = 0; t < queries[shared[begin + i]].choices.front().choice_start; ++t)
        past_positions.push_back(L + t);
    const PastKV after_prompts{&exemplar, &prompt_result.new_kv};
    Pack continuations;
    for (std::size_t i = 0; i < prompt_start.size(); ++i) {
      const auto q = shared[begin + i];
      for (std::size_t c = 0; c < queries[q].choices.size(); ++c) {
        const auto& seq = queries[q].choices[c];
        const auto n = seq.choice_end - seq.choice_start - 1;
        if (n < 1) continue;
        if (continuations.size() > 0 && continuations.size() + n > budget) {
          run_pack(model, continuations, after_prompts, past_positions, out, stats);
          continuations = Pack{};
        }
        const auto start = continuations.add(seq.ids.data() + seq.choice_start, n, L + seq.choice_start,
                                             {{0, L}, {L + prompt_start[i], L + prompt_start[i] + seq.choice_start}});
        for (std::int64_t t = 0; t < n; ++t)
          continuations.score(start + t, seq.ids[static_cast<std::size_t>(seq.choice_start + t + 1)], q, c, t + 1);
      }
    }
    if (continuations.size() > 0) run_pack(model, continuations, after_prompts, past_positions, out, stats);
  }

  // 3. Whole sequences of the queries whose choices condition on different tokens.
  Pack whole;
  for (const auto& [q, c] : fallback) {
    const auto& seq = queries[q].choices[c];
    const auto n = static_cast<std::int64_t>(seq.ids.size());
    if (whole.size() > 0 && whole.size() + n > budget) {
      run_pack(model, whole, PastKV{&exemplar}, exemplar_positions, out, stats);
      whole = Pack{};
    }
    const auto start = whole.add(seq.ids.data(), n, L, {{0, L}});
    for (auto t = seq.choice_start; t < seq.choice_end; ++t)
      whole.score(start + t - 1, seq.ids[static_cast<std::size_t>(t)], q, c, t - seq.choice_start);
  }
  if (whole.size() > 0) run_pack(model, whole, PastKV{&exemplar}, exemplar_positions, out, stats);
}

}  // namespace dt::scoring
