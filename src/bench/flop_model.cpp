// FLOP model of the benchmarks.
#include "dt/bench/flop_model.h"

#include "dt/model/checkpoint.h"

namespace dt {
namespace {

bool is_embedding(const std::string& name) {
  for (const char* part :
       {"wte.", "wpe.", "embed_tokens.", "embed_positions.", "word_embeddings.", "embed_in.", "lm_head.", "embed_out."})
    if (name.find(part) != std::string::npos) return true;
  return false;
}

// Buffers older checkpoints store next to the parameters: rotary inv_freq, and the causal masks of GPT-2, GPT-Neo,
// GPT-J and GPT-NeoX (`...attn.bias` / `attention.bias` of shape [1, 1, n, n], `masked_bias`).
bool is_buffer(const std::string& name, const std::vector<std::int64_t>& shape) {
  if (name.find("inv_freq") != std::string::npos || name.ends_with("masked_bias")) return true;
  return name.ends_with("bias") && shape.size() == 4;
}

// Causal pairs of n new tokens after `past` keys: token i sees past + i + 1 keys.
double causal_pairs(double past, double n) { return n * past + n * (n + 1) / 2; }

}  // namespace

ModelCost model_cost(const Checkpoint& checkpoint, std::int64_t layers, std::int64_t hidden, std::int64_t vocab,
                     std::int64_t attention_width) {
  ModelCost cost{0, layers, hidden, vocab, attention_width};
  for (const auto& name : checkpoint.tensor_names()) {
    const auto& shape = checkpoint.shape(name);
    if (is_embedding(name) || is_buffer(name, shape)) continue;
    double n = 1;
    for (auto d : shape) n *= static_cast<double>(d);
    cost.non_embedding_params += n;
  }
  return cost;
}

Work useful_scoring_work(const std::vector<QueryChoices>& queries, std::int64_t demo_len) {
  Work w;
  const double L = static_cast<double>(demo_len);
  for (const auto& q : queries) {
    const double prompt = static_cast<double>(q.choices.front().choice_start);
    w.tokens += prompt;
    w.attention_pairs += causal_pairs(L, prompt);
    w.logit_rows += 1;  // the prompt's last row scores every choice's first token
    for (const auto& seq : q.choices) {
      const double rest = static_cast<double>(seq.choice_end - seq.choice_start - 1);
      w.tokens += rest;
      w.attention_pairs += causal_pairs(L + prompt, rest);
      w.logit_rows += rest;
    }
  }
  return w;
}

Work useful_thinking_work(std::int64_t demo_len, std::int64_t steps) {
  Work w;
  const double L = static_cast<double>(demo_len);
  for (std::int64_t t = 1; t <= steps; ++t) {
    w.tokens += L;
    w.attention_pairs += causal_pairs(t == 1 ? 0 : L, L);
  }
  return w;
}

Work performed_work(const ScoringStats& stats) {
  return {static_cast<double>(stats.real_tokens + stats.pad_tokens), static_cast<double>(stats.attention_pairs),
          static_cast<double>(stats.logit_rows)};
}

}  // namespace dt
