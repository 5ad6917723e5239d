// score_choices: validation, dispatch to the scoring mode, predictions.
#include "dt/score/choice_scorer.h"

#include <c10/core/InferenceMode.h>

#include "dt/util/error.h"
#include "scorers.h"

namespace dt {

ScoringStats& ScoringStats::operator+=(const ScoringStats& o) {
  forward_calls += o.forward_calls;
  real_tokens += o.real_tokens;
  pad_tokens += o.pad_tokens;
  logit_rows += o.logit_rows;
  attention_pairs += o.attention_pairs;
  fallback_queries += o.fallback_queries;
  return *this;
}

std::int64_t padding_token_id(const ModelInfo& info) {
  return info.pad_token_id.value_or(info.eos_token_id.value_or(0));
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
        throw Error(where + ": choice span [" + std::to_string(seq.choice_start) + ", " +
                    std::to_string(seq.choice_end) + ") is not a non-empty tail of its " + std::to_string(n) +
                    " tokens after at least one prompt token");
      if (info.max_positions > 0 && past_length + n > info.max_positions)
        throw Error(where + ": " + std::to_string(past_length) + " demonstration + " + std::to_string(n) +
                    " query tokens exceed the model's " + std::to_string(info.max_positions) + " positions");
      for (auto id : seq.ids)
        if (id < 0 || id >= info.vocab_size)
          throw Error(where + ": token id " + std::to_string(id) + " is outside the vocabulary of " +
                      std::to_string(info.vocab_size));
    }
  }
}

std::vector<QueryScores> score_choices(const DecoderLM& model, const KVCache& exemplar,
                                       const std::vector<QueryChoices>& queries, const ScoringOptions& options,
                                       ScoringStats* stats) {
  c10::InferenceMode inference_mode;
  validate_choices(model, exemplar.seq_len(), queries);
  scoring::TokenLogProbs log_probs(queries);
  ScoringStats local;
  if (options.mode == ScoringMode::Reference)
    scoring::score_reference(model, exemplar, queries, options, log_probs, local);
  else
    scoring::score_fast(model, exemplar, queries, options, log_probs, local);
  if (stats != nullptr) *stats += local;
  return log_probs.scores();
}

ScoringMode parse_scoring_mode(const std::string& name, const std::string& where) {
  if (name == "fast") return ScoringMode::Fast;
  if (name == "reference") return ScoringMode::Reference;
  fail(where, "unknown scoring mode '" + name + "' (fast, reference)");
}

namespace scoring {

void count_forward(ScoringStats& stats, std::int64_t B, std::int64_t S, std::int64_t real, std::int64_t logit_rows,
                   std::int64_t attention_pairs) {
  ++stats.forward_calls;
  stats.real_tokens += real;
  stats.pad_tokens += B * S - real;
  stats.logit_rows += logit_rows;
  stats.attention_pairs += attention_pairs;
}

}  // namespace scoring
}  // namespace dt
