// FLOP accounting for benchmarks (matmuls only, 2 FLOPs per multiply-add), following
// ../shared/notes/perf_baseline.md: dense 2 * N_non_embedding per token, attention 4 * d per (query row, key) pair per
// layer, the vocabulary projection 2 * d * V per logits row. "Useful" work is what the task needs: each query's
// prompt once, each choice's tokens but the last, causal keys only, logits only at rows that score a choice token.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "dt/score/choice_scorer.h"

namespace dt {

struct ModelCost {
  double non_embedding_params = 0;
  std::int64_t layers = 0, hidden = 0, vocab = 0;
  std::int64_t attention_width = 0;  // query heads x head dim: hidden, unless the config sets head_dim apart
  double dense_per_token() const { return 2 * non_embedding_params; }
  double attention_per_pair() const { return 4.0 * static_cast<double>(attention_width) * static_cast<double>(layers); }
  double lm_head_per_row() const { return 2.0 * static_cast<double>(hidden) * static_cast<double>(vocab); }
};

class Checkpoint;

// Non-embedding parameters from the checkpoint's tensors (everything but token/position embeddings and lm_head);
// `attention_width` = heads x head dim.
ModelCost model_cost(const Checkpoint& checkpoint, std::int64_t layers, std::int64_t hidden, std::int64_t vocab,
                     std::int64_t attention_width);

struct Work {
  double tokens = 0, attention_pairs = 0, logit_rows = 0;
  double flops(const ModelCost& m) const {
    return tokens * m.dense_per_token() + attention_pairs * m.attention_per_pair() + logit_rows * m.lm_head_per_row();
  }
};

// Useful work of scoring `queries` once after a demonstration of `demo_len` tokens.
Work useful_scoring_work(const std::vector<QueryChoices>& queries, std::int64_t demo_len);
// Useful work of `steps` Deep-Thinking steps over a demonstration of `demo_len` tokens (no logits needed).
Work useful_thinking_work(std::int64_t demo_len, std::int64_t steps);
// The work a scoring pass actually did, from its statistics.
Work performed_work(const ScoringStats& stats);

}  // namespace dt
