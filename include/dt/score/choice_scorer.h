// Choice scoring: each (query, choice) token sequence is scored with the step's KV as past.
//   lm_log_p      = sum over the choice tokens i in [choice_start, choice_end) of log_softmax(logits[i-1])[ids[i]]
//   norm_lm_log_p = lm_log_p / (choice_end - choice_start)
//   prediction    = argmax over a query's choices, the first index winning ties (as the reference's argmax)
// Two modes give the same numbers (within float noise) with very different costs:
//   Reference: the released code's batching: per batch of queries and per choice index, every sequence right-padded to
//              the eval split's longest (padded_length), the exemplar KV expanded over the batch, log_softmax over the
//              vocabulary at every position. The baseline inside dt.
//   Fast:      only the useful work: each query's prompt is forwarded once (prompts sorted by length and packed end
//              to end into rows of at most token_budget tokens, no padding; attention skips what a row's block-diagonal
//              mask hides, padding its segments to the longest only inside attention), every choice continues from that
//              prompt's KV with only its tokens but the last, logits and log_softmax only at the rows that score a
//              choice token, the exemplar KV shared by every row without copies. A query whose joint tokens do not
//              start with its prompt's tokens falls back to full sequences (counted).
// Per-token log-probs are summed in float32 in token order in both modes.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "dt/model/decoder.h"
#include "dt/model/kv_cache.h"
#include "dt/results/cell_run.h"

namespace dt {

struct ChoiceSequence {
  std::vector<std::int64_t> ids;  // query + choice tokens, unpadded
  std::int64_t choice_start = 0;  // first choice token; >= 1
  std::int64_t choice_end = 0;    // one past the last choice token; == ids.size()
};

struct QueryChoices {
  std::vector<ChoiceSequence> choices;
};

enum class ScoringMode { Fast, Reference };

struct ScoringOptions {
  std::int64_t batch_size = 32;  // queries (fast: at most) or sequences per choice index (reference) per forward
  ScoringMode mode = ScoringMode::Fast;
  std::int64_t padded_length = 0;   // reference: pad every sequence to this length (0 = the longest given)
  std::int64_t token_budget = 384;  // fast: at most this many tokens per packed forward (no padding)
  // Called after each batch with (queries whose first choice token is scored, all queries); may be empty.
  std::function<void(std::size_t, std::size_t)> progress = {};
};

// What a scoring pass cost, for benchmarks.
struct ScoringStats {
  std::int64_t forward_calls = 0;
  std::int64_t real_tokens = 0, pad_tokens = 0;  // new tokens forwarded
  std::int64_t logit_rows = 0;                   // rows projected to the vocabulary (and log_softmax'ed)
  std::int64_t attention_pairs = 0;              // (query token, key) scores computed, padding included
  std::int64_t fallback_queries = 0;             // fast mode: queries scored as full sequences
  ScoringStats& operator+=(const ScoringStats& o);
};

// The id the reference mode right-pads with: the config's pad_token_id, else its eos_token_id (what the released code
// sets for GPT-2 and GPT-Neo), else 0.
std::int64_t padding_token_id(const ModelInfo& info);

// Throws dt::Error for spans outside a sequence, token ids outside the vocabulary, or sequences that would
// need more positions than the model has (past + sequence).
void validate_choices(const DecoderLM& model, std::int64_t past_length, const std::vector<QueryChoices>& queries);

// Scores every query's choices with `exemplar` (batch 1, may be empty) as past.
std::vector<QueryScores> score_choices(const DecoderLM& model, const KVCache& exemplar,
                                       const std::vector<QueryChoices>& queries, const ScoringOptions& options,
                                       ScoringStats* stats = nullptr);

// "fast" / "reference"; throws dt::Error naming `where` otherwise.
ScoringMode parse_scoring_mode(const std::string& name, const std::string& where);

}  // namespace dt
