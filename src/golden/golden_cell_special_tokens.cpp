// check_special_tokens: the reference encodes the demonstration with the tokenizer's defaults (OPT's `</s>` first,
// GPT-2 nothing) and every prompt and prompt + completion with add_special_tokens=False; it right-pads with the
// tokenizer's pad id. The fixture states the first as tokenizer.demonstration_adds_bos / bos_token_id.
#include <algorithm>
#include <string>

#include "dt/score/choice_scorer.h"
#include "golden_cell_checks.h"

namespace dt::golden_cell {
namespace {

using nlohmann::json;

std::string id_text(std::optional<std::int64_t> id) { return id ? std::to_string(*id) : std::string("none"); }

}  // namespace

void check_special_tokens(ToleranceLedger& ledger, const json& cell, const Tokenizer& tokenizer,
                          const CellPrompts& prompts, const CellTokens& tokens, const ModelInfo& model) {
  const auto& spec = cell.at("tokenizer");
  const bool fixture_adds = spec.at("demonstration_adds_bos").get<bool>();
  const json& fixture_bos = spec.at("bos_token_id");

  // What dt's default encoding puts before the demonstration's plain ids: one BOS, or nothing.
  const auto plain = tokenizer.encode(prompts.demonstration, false);
  const auto& ids = tokens.demo_ids;
  const bool dt_adds = ids.size() == plain.size() + 1 && std::equal(plain.begin(), plain.end(), ids.begin() + 1);
  const std::string field = "tokenizer.demonstration_adds_bos";
  if (!dt_adds && ids != plain) {
    ledger.mismatch(field, "dt's default encoding of the demonstration adds something other than one leading BOS (" +
                               tokenizer.describe() + ")");
  } else if (fixture_adds) {
    ledger.require(field, dt_adds,
                   "the fixture says true, but dt's default encoding of the demonstration adds no BOS (" +
                       tokenizer.describe() + ")");
  } else {
    ledger.require(field, !dt_adds,
                   "the fixture says false, but dt's default encoding starts the demonstration with the BOS " +
                       (ids.empty() ? std::string("?") : std::to_string(ids.front())) + " (" + tokenizer.describe() +
                       ")");
  }

  // bos_token_id: the id added, null when none is.
  std::optional<std::int64_t> bos = tokenizer.bos_id();
  if (fixture_bos.is_null()) {
    ledger.require("tokenizer.bos_token_id", !fixture_adds, "is null although demonstration_adds_bos is true");
  } else {
    bos = fixture_bos.get<std::int64_t>();
    ledger.require("tokenizer.bos_token_id", fixture_adds,
                   "is " + std::to_string(*bos) + " although demonstration_adds_bos is false (null: none added)");
    if (dt_adds) ledger.exact("tokenizer.bos_token_id", ids.front(), *bos);
    ledger.require("tokenizer.bos_token_id", tokenizer.bos_id() == bos,
                   "dt's tokenizer names the BOS " + id_text(tokenizer.bos_id()) + ", the fixture " + id_text(bos));
  }

  // Queries and choices carry no special tokens.
  if (bos) {
    for (std::size_t q = 0; q < tokens.queries.size(); ++q) {
      for (std::size_t c = 0; c < tokens.queries[q].choices.size(); ++c) {
        const auto& seq = tokens.queries[q].choices[c].ids;
        ledger.require("queries[" + std::to_string(q) + "].choices[" + std::to_string(c) + "].input_ids[0]",
                       seq.empty() || seq.front() != *bos,
                       "dt's ids start with the BOS " + std::to_string(*bos) +
                           ", but queries and choices are encoded without special tokens");
      }
    }
  }

  const auto pad = padding_token_id(model);
  ledger.exact("pad_token_id", pad, cell.at("pad_token_id").get<long long>());
  ledger.exact("tokenizer.pad_token_id", pad, spec.at("pad_token_id").get<long long>());
  ledger.exact_text("tokenizer.padding_side", "right", spec.at("padding_side").get<std::string>());
}

}  // namespace dt::golden_cell
