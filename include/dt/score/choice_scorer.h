// Choice scoring: each (query, choice) token sequence is scored with the step's KV as past.
//   lm_log_p      = sum over the choice tokens i in [choice_start, choice_end) of log_softmax(logits[i-1])[ids[i]]
//   norm_lm_log_p = lm_log_p / (choice_end - choice_start)
//   prediction    = argmax over a query's choices, the first index winning ties (as the reference's argmax)
// Sequences are right-padded in batches; logits and log_softmax are computed only at the rows that score a choice.
#pragma once

#include <cstdint>
#include <vector>

#include "dt/model/decoder.h"
#include "dt/model/kv_cache.h"

namespace dt {

struct ChoiceSequence {
  std::vector<std::int64_t> ids;  // query + choice tokens, unpadded
  std::int64_t choice_start = 0;  // first choice token; >= 1
  std::int64_t choice_end = 0;    // one past the last choice token; == ids.size()
};

struct QueryChoices {
  std::vector<ChoiceSequence> choices;
};

struct QueryScores {
  std::vector<double> lm_log_p, norm_lm_log_p;  // float32 results, one per choice
  std::vector<double> first_token_log_p;        // log-prob of each choice's first token at the answer position
  int pred_lm_log_p = 0, pred_norm_lm_log_p = 0;
};

struct ScoringOptions {
  std::int64_t batch_size = 32;  // sequences per forward
};

// Index of the largest value; the first index wins ties.
int argmax_first(const std::vector<double>& values);

// Throws dt::Error for spans outside a sequence, token ids outside the vocabulary, or sequences that would
// need more positions than the model has (past + sequence).
void validate_choices(const DecoderLM& model, std::int64_t past_length, const std::vector<QueryChoices>& queries);

// Scores every query's choices with `exemplar` (batch 1, may be empty) as past.
std::vector<QueryScores> score_choices(const DecoderLM& model, const KVCache& exemplar,
                                       const std::vector<QueryChoices>& queries, const ScoringOptions& options);

}  // namespace dt
