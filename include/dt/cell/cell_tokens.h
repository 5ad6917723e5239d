// Tokenization of one cell as the reference does it: the demonstration with the tokenizer's defaults (OPT and LLaMA
// get their BOS), each prompt and each prompt + completion without special tokens; a choice's span is the tokens
// of prompt + completion after the first len(tokens(prompt)). When the joint tokens do not start with the prompt's
// tokens the reference still uses that span; dt does the same and counts those choices.
#pragma once

#include <cstdint>
#include <vector>

#include "dt/score/choice_scorer.h"
#include "dt/task/cell_prompts.h"
#include "dt/text/tokenizer.h"
#include "dt/think/pseudo_gradient.h"

namespace dt {

struct CellTokens {
  std::vector<std::int64_t> demo_ids;
  std::vector<DemoReordering> demo_reorderings;  // order-average's other orders (cell/demo_reorderings.h), else empty
  std::vector<QueryChoices> queries;
  std::vector<std::int64_t> answers;  // gold index per query
  std::int64_t prompt_prefix_mismatches = 0;
  std::int64_t query_tokens = 0;  // over every (query, choice) sequence
  // Each query's completions with no demonstration and no query: [BOS, else EOS] + tokens(completion), the choice
  // span after that one token (lm-evaluation-harness's unconditional context); empty when the tokenizer has neither.
  std::vector<QueryChoices> unconditional;
  // The content-free queries (CellPrompts::content_free), each distinct one once (a classification card has one),
  // and per query the index of its own; both empty when the cell has no calibrated score.
  std::vector<QueryChoices> content_free;
  std::vector<std::int64_t> content_free_index;
  std::vector<QueryChoices> dev;  // the dev split's queries (CellPrompts::dev)
  std::vector<std::int64_t> dev_answers;
};

// `demo_max_tokens` > 0 keeps only the last that many demonstration tokens, as the authors' later runner does for
// GPT-2 (core.py, THRESHOLD = 400: `exemplar_input_ids[-400:]`); 0 keeps them all.
CellTokens tokenize_cell(const Tokenizer& tokenizer, const CellPrompts& prompts, std::int64_t demo_max_tokens = 0);

// One example's sequences (used for the reference's padded length over the whole eval split).
QueryChoices tokenize_example(const Tokenizer& tokenizer, const Example& example, std::int64_t* prefix_mismatches);

// The length the reference right-pads every prompt + completion to: the longest over `examples` as its
// _find_max_length counts it, `len(tok.encode(text))`, i.e. with the default special tokens (OPT's BOS included)
// although the padded sequences themselves carry none. Padding never changes a score.
std::int64_t reference_padded_length(const Tokenizer& tokenizer, const std::vector<Example>& examples);

}  // namespace dt
