// The scoring strategies behind score_choices (see include/dt/score/choice_scorer.h). Each fills TokenLogProbs and
// adds its cost to ScoringStats.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "dt/score/choice_scorer.h"
#include "token_log_probs.h"

namespace dt::scoring {

using ChoiceRef = std::pair<std::size_t, std::size_t>;  // (query, choice)

void score_reference(const DecoderLM& model, const KVCache& exemplar, const std::vector<QueryChoices>& queries,
                     const ScoringOptions& options, TokenLogProbs& out, ScoringStats& stats);

void score_fast(const DecoderLM& model, const KVCache& exemplar, const std::vector<QueryChoices>& queries,
                const ScoringOptions& options, TokenLogProbs& out, ScoringStats& stats);

// Adds one forward of B rows x S new tokens (`real` of them not padding) that computed `attention_pairs` scores
// (ForwardOutput::attention_pairs) to the statistics.
void count_forward(ScoringStats& stats, std::int64_t B, std::int64_t S, std::int64_t real, std::int64_t logit_rows,
                   std::int64_t attention_pairs);

}  // namespace dt::scoring
