// vocab.json + merges.txt (+ tokenizer_config.json, special_tokens_map.json) -> BpeTokenizer.
#include "dt/text/vocab_merges_files.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "dt/text/bpe_tokenizer.h"
#include "dt/text/json_file.h"
#include "dt/text/special_tokens_config.h"
#include "dt/util/error.h"

namespace dt::text {
namespace {

constexpr const char* kGpt2DefaultSpecialToken = "<|endoftext|>";

std::vector<std::pair<std::string, std::int64_t>> read_vocab(const std::filesystem::path& path) {
  const nlohmann::json root = read_json_file(path);
  if (!root.is_object()) fail(path.string(), "must be a JSON object of token -> id");
  std::vector<std::pair<std::string, std::int64_t>> vocab;
  vocab.reserve(root.size());
  for (const auto& [token, id] : root.items()) {
    if (!id.is_number_integer()) fail(path.string(), "the id of token '" + token + "' is not an integer");
    vocab.emplace_back(token, id.get<std::int64_t>());
  }
  return vocab;
}

void read_merges(const std::filesystem::path& path, BpeModel& model) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path.string(), std::filesystem::exists(path) ? "cannot be read" : "does not exist");
  std::string line;
  for (std::size_t line_number = 1; std::getline(in, line); ++line_number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.starts_with("#version")) continue;
    const std::string where = path.string() + ":" + std::to_string(line_number);
    const std::size_t space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string::npos) {
      fail(where, "expected two tokens separated by one space, got '" + line + "'");
    }
    model.add_merge(std::string_view(line).substr(0, space), std::string_view(line).substr(space + 1), where);
  }
}

}  // namespace

std::unique_ptr<Tokenizer> load_vocab_merges_tokenizer(const std::filesystem::path& dir) {
  const auto vocab_path = dir / "vocab.json";
  const auto merges_path = dir / "merges.txt";
  if (!std::filesystem::exists(merges_path))
    fail(merges_path.string(), "does not exist (vocab.json needs it beside it)");
  SpecialTokensConfig config = read_special_tokens_config(dir);
  // Other slow tokenizers over the same two files add other special tokens (RoBERTa: <s> ... </s>).
  if (config.tokenizer_class && *config.tokenizer_class != "GPT2Tokenizer" &&
      *config.tokenizer_class != "GPT2TokenizerFast") {
    fail(config.files.front().string(), "tokenizer_class \"" + *config.tokenizer_class +
                                            "\" is not supported with vocab.json + merges.txt (read as GPT2Tokenizer)");
  }
  if (config.add_prefix_space.value_or(false)) {
    fail(config.files.front().string(), "add_prefix_space true is not supported with vocab.json + merges.txt");
  }
  for (auto* slot : {&config.bos, &config.eos, &config.unk}) {
    if (!*slot) *slot = SpecialTokenSpec{kGpt2DefaultSpecialToken};
  }

  const auto vocab = read_vocab(vocab_path);
  BpeTokenizerParts parts;
  BpeModel::Options options;
  const auto is_unk = [&](const auto& entry) { return entry.first == config.unk->content; };
  if (std::any_of(vocab.begin(), vocab.end(), is_unk)) options.unk_token = config.unk->content;
  parts.model = BpeModel(vocab, options, vocab_path.string());
  read_merges(merges_path, parts.model);

  // Special tokens: the explicit added_tokens_decoder table, then the named ones that the vocabulary has.
  std::vector<AddedToken> added = config.added_tokens_decoder;
  std::set<std::string> seen;
  for (const auto& token : added) seen.insert(token.content);
  std::vector<SpecialTokenSpec> specials;
  for (const auto* slot : {&config.bos, &config.eos, &config.unk, &config.pad})
    if (*slot) specials.push_back(**slot);
  specials.insert(specials.end(), config.additional.begin(), config.additional.end());
  for (const SpecialTokenSpec& spec : specials) {
    const auto id = parts.model.token_to_id(spec.content);
    if (!id || !seen.insert(spec.content).second) continue;
    added.push_back({*id, spec.content, true, spec.single_word, spec.lstrip, spec.rstrip, false});
  }
  // The slow tokenizer matches every added token on the input text.
  for (AddedToken& token : added) token.normalized = false;
  parts.added_tokens = std::move(added);
  const auto id_of = [&](const std::optional<SpecialTokenSpec>& spec) -> std::optional<std::int64_t> {
    if (!spec) return std::nullopt;
    return find_token_id(parts, spec->content);
  };
  parts.bos_id = id_of(config.bos);
  parts.eos_id = id_of(config.eos);
  parts.pad_id = id_of(config.pad);

  parts.pre_tokenizer.add_byte_level(ByteLevelStep{.add_prefix_space = false, .use_regex = true});
  parts.decoder.add(ByteLevelDecoding{});
  if (config.add_bos_token.value_or(false)) {
    if (!parts.bos_id)
      fail(config.files.front().string(), "add_bos_token is true but bos_token is not in the vocabulary");
    parts.post_processor.before.push_back(*parts.bos_id);
  }
  parts.files = {vocab_path, merges_path};
  parts.files.insert(parts.files.end(), config.files.begin(), config.files.end());
  parts.kind = "byte-level BPE";
  parts.source = "vocab.json + merges.txt";
  return std::make_unique<BpeTokenizer>(std::move(parts));
}

}  // namespace dt::text
