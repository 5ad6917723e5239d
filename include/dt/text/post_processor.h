// What add_special_tokens = true adds around the ids of one sequence: HF's TemplateProcessing "single" template,
// RobertaProcessing / BertProcessing (cls ... sep), or a slow tokenizer's add_bos_token, all reduced to fixed ids
// before and after the sequence.
#pragma once

#include <cstdint>
#include <vector>

namespace dt::text {

struct PostProcessor {
  std::vector<std::int64_t> before;
  std::vector<std::int64_t> after;

  void apply(std::vector<std::int64_t>& ids) const {
    ids.insert(ids.begin(), before.begin(), before.end());
    ids.insert(ids.end(), after.begin(), after.end());
  }
};

}  // namespace dt::text
