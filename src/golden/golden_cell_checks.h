// The checks of an end-to-end cell fixture (cell.json) beyond golden_cell.cpp's one-by-one comparison of strings,
// ids and scores: the tokenizer's special-token convention (golden_cell_special_tokens.cpp) and the fields that
// describe the cell's shape (golden_cell_shape.cpp). Each records into the ledger under the cell.json field name.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "dt/cell/cell_tokens.h"
#include "dt/golden/tolerance_ledger.h"
#include "dt/model/decoder.h"
#include "dt/task/cell_prompts.h"
#include "dt/text/tokenizer.h"

namespace dt::golden_cell {

// A path cell.json gives: relative to the fixture's folder, or "$DT_SHARED_DIR/..." under the directory that
// environment variable names (fixtures in the repository that read ../shared's models and tokenizers; ctest sets it
// through tests/with_shared.sh). Unset while a fixture needs it: a dt::Error naming the fixture.
std::filesystem::path fixture_path(const std::filesystem::path& dir, const std::string& text);

// tokenizer.demonstration_adds_bos and tokenizer.bos_token_id against what dt's default encoding puts before the
// demonstration; no query + choice sequence starting with that BOS; pad_token_id, tokenizer.pad_token_id and
// tokenizer.padding_side against what dt's reference scoring pads with.
void check_special_tokens(ToleranceLedger& ledger, const nlohmann::json& cell, const Tokenizer& tokenizer,
                          const CellPrompts& prompts, const CellTokens& tokens, const ModelInfo& model);

// name, model.model_type, model.model_class, exemplar_method, num_shots, n_choices, demonstrations[j],
// demonstration.length, queries[q].eval_row, queries[q].choices[c].prompt_ids_are_prefix, padded_length_subset and
// data.eval_sample_size.
void check_cell_shape(ToleranceLedger& ledger, const std::filesystem::path& dir, const nlohmann::json& cell,
                      const TaskCard& card, const Tokenizer& tokenizer, const CellPrompts& prompts,
                      const CellTokens& tokens, const ModelInfo& model);

}  // namespace dt::golden_cell
