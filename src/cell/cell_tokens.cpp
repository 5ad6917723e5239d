// tokenize_cell: demonstration and query/choice token sequences with choice spans.
#include "dt/cell/cell_tokens.h"

#include <algorithm>

#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {

QueryChoices tokenize_example(const Tokenizer& tokenizer, const Example& example, std::int64_t* prefix_mismatches) {
  QueryChoices qc;
  const auto prompt_ids = tokenizer.encode(example.prompt, false);
  for (std::size_t c = 0; c < example.choices.size(); ++c) {
    ChoiceSequence seq;
    seq.ids = tokenizer.encode(example.text(c), false);
    seq.choice_start = static_cast<std::int64_t>(prompt_ids.size());
    seq.choice_end = static_cast<std::int64_t>(seq.ids.size());
    const bool prefix =
        seq.ids.size() >= prompt_ids.size() && std::equal(prompt_ids.begin(), prompt_ids.end(), seq.ids.begin());
    if (!prefix && prefix_mismatches != nullptr) ++*prefix_mismatches;
    if (seq.choice_start < 1)
      throw Error("row " + std::to_string(example.row) + ": the prompt has no tokens, so choice " + std::to_string(c) +
                  " cannot be scored (the first scored token needs a preceding token)");
    if (seq.choice_end <= seq.choice_start)
      throw Error("row " + std::to_string(example.row) + ": choice " + std::to_string(c) +
                  " adds no tokens after the prompt");
    qc.choices.push_back(std::move(seq));
  }
  // Distinct answers whose scored tokens are the same (a tokenizer that maps both to <unk>, say) always tie.
  for (std::size_t c = 0; c < qc.choices.size(); ++c)
    for (std::size_t d = c + 1; d < qc.choices.size(); ++d) {
      const auto& x = qc.choices[c];
      const auto& y = qc.choices[d];
      if (example.completions[c] != example.completions[d] &&
          std::equal(x.ids.begin() + x.choice_start, x.ids.end(), y.ids.begin() + y.choice_start, y.ids.end()))
        throw Error("row " + std::to_string(example.row) + ": choices " + quote_text(example.choices[c]) + " and " +
                    quote_text(example.choices[d]) +
                    " are scored on the same tokens with this tokenizer, so they always tie");
    }
  return qc;
}

std::int64_t reference_padded_length(const Tokenizer& tokenizer, const std::vector<Example>& examples) {
  std::int64_t longest = 0;
  for (const auto& example : examples)
    for (std::size_t c = 0; c < example.choices.size(); ++c)
      longest =
          std::max<std::int64_t>(longest, static_cast<std::int64_t>(tokenizer.encode(example.text(c), true).size()));
  return longest;
}

CellTokens tokenize_cell(const Tokenizer& tokenizer, const CellPrompts& prompts, std::int64_t demo_max_tokens) {
  CellTokens out;
  out.demo_ids = tokenizer.encode(prompts.demonstration, true);
  if (demo_max_tokens > 0 && static_cast<std::int64_t>(out.demo_ids.size()) > demo_max_tokens)
    out.demo_ids.erase(out.demo_ids.begin(), out.demo_ids.end() - demo_max_tokens);
  for (const auto& example : prompts.queries) {
    out.queries.push_back(tokenize_example(tokenizer, example, &out.prompt_prefix_mismatches));
    out.answers.push_back(example.answer);
    for (const auto& seq : out.queries.back().choices) out.query_tokens += static_cast<std::int64_t>(seq.ids.size());
  }
  if (const auto context = tokenizer.bos_id() ? tokenizer.bos_id() : tokenizer.eos_id())
    for (const auto& example : prompts.queries) {
      QueryChoices qc;
      for (const auto& completion : example.completions) {
        ChoiceSequence seq;
        seq.ids.push_back(*context);
        const auto ids = tokenizer.encode(completion, false);
        seq.ids.insert(seq.ids.end(), ids.begin(), ids.end());
        seq.choice_start = 1;
        seq.choice_end = static_cast<std::int64_t>(seq.ids.size());
        if (seq.choice_end <= seq.choice_start) {  // an empty completion: no mutual information for this cell
          out.unconditional.clear();
          return out;
        }
        qc.choices.push_back(std::move(seq));
      }
      out.unconditional.push_back(std::move(qc));
    }
  try {
    for (const auto& example : prompts.content_free) {
      auto qc = tokenize_example(tokenizer, example, nullptr);
      const auto same = [&](const QueryChoices& other) {
        return std::equal(qc.choices.begin(), qc.choices.end(), other.choices.begin(), other.choices.end(),
                          [](const ChoiceSequence& a, const ChoiceSequence& b) {
                            return a.ids == b.ids && a.choice_start == b.choice_start && a.choice_end == b.choice_end;
                          });
      };
      const auto found = std::find_if(out.content_free.begin(), out.content_free.end(), same);
      out.content_free_index.push_back(found - out.content_free.begin());
      if (found == out.content_free.end()) out.content_free.push_back(std::move(qc));
    }
  } catch (const Error&) {  // e.g. a content-free prompt with no tokens: no calibrated score for this cell
    out.content_free.clear();
    out.content_free_index.clear();
  }
  for (const auto& example : prompts.dev) {
    out.dev.push_back(tokenize_example(tokenizer, example, nullptr));
    out.dev_answers.push_back(example.answer);
  }
  return out;
}

}  // namespace dt
