// spec_record and generated_state: the canonical JSON of a spec, compared byte for byte with the recorded one.
#include "dt/synthetic/spec_record.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "dt/util/sha256.h"

namespace dt {

std::string spec_record(const SyntheticModelSpec& s) {
  Sha256 texts;
  for (const auto& t : s.tokenizer_texts) {
    const auto length = std::to_string(t.size()) + ":";  // length-prefixed, so that text boundaries count
    texts.update(length).update(t);
  }
  // nlohmann::json objects keep their keys sorted: the dump is canonical.
  const nlohmann::json record{
      {"format", "dt-synthetic-spec/1"},
      {"arch", s.arch},
      {"layers", s.layers},
      {"hidden", s.hidden},
      {"heads", s.heads},
      {"kv_heads", s.kv_heads},
      {"ffn", s.ffn},
      {"vocab", s.vocab},
      {"positions", s.positions},
      {"seed", s.seed},
      {"std", s.std},
      {"disk_dtype", s.disk_dtype},
      {"shards", s.shards},
      {"bos_token_id", s.bos_token_id},
      {"eos_token_id", s.eos_token_id},
      {"pad_token_id", s.pad_token_id},
      {"tokenizer", s.tokenizer_texts.empty() ? nlohmann::json(nullptr)
                                              : nlohmann::json{{"kind", s.tokenizer_kind},
                                                               {"texts", s.tokenizer_texts.size()},
                                                               {"texts_sha256", texts.hex()}}}};
  return record.dump() + "\n";
}

GeneratedState generated_state(const SyntheticModelSpec& spec, const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir)) return GeneratedState::Missing;
  std::ifstream in(dir / kSpecRecordFile, std::ios::binary);
  if (!in) return GeneratedState::Unrecorded;
  const std::string recorded{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return recorded == spec_record(spec) ? GeneratedState::Current : GeneratedState::Changed;
}

}  // namespace dt
