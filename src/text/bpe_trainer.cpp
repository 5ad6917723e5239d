// Byte-level BPE training by repeated pair counting over the distinct words, and the GPT2Tokenizer files it writes.
#include "dt/text/bpe_trainer.h"

#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>

#include "dt/text/byte_level.h"
#include "dt/text/gpt2_pre_tokenizer.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr const char* kEndOfText = "<|endoftext|>";

struct Word {
  std::vector<std::int32_t> symbols;
  std::int64_t count = 0;
};

std::uint64_t pair_key(std::int32_t left, std::int32_t right) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}

std::vector<Word> count_words(const std::vector<std::string>& texts, const std::array<std::int32_t, 256>& byte_ids) {
  std::unordered_map<std::string_view, std::int64_t> counts;
  std::vector<std::string_view> pieces;
  for (const std::string& text : texts) {
    pieces.clear();
    text::split_gpt2_pieces(text, pieces);
    for (const std::string_view piece : pieces) ++counts[piece];
  }
  std::vector<Word> words;
  words.reserve(counts.size());
  for (const auto& [piece, count] : counts) {
    Word word;
    word.count = count;
    for (const char c : piece) word.symbols.push_back(byte_ids[static_cast<std::uint8_t>(c)]);
    if (word.symbols.size() > 1) words.push_back(std::move(word));
  }
  return words;
}

// The most frequent adjacent pair, ties broken by the smallest (left, right); false when no word has a pair.
bool most_frequent_pair(const std::vector<Word>& words, std::int32_t& left, std::int32_t& right) {
  std::unordered_map<std::uint64_t, std::int64_t> pair_counts;
  for (const Word& word : words)
    for (std::size_t i = 0; i + 1 < word.symbols.size(); ++i)
      pair_counts[pair_key(word.symbols[i], word.symbols[i + 1])] += word.count;
  std::uint64_t best_key = 0;
  std::int64_t best_count = 0;
  for (const auto& [key, count] : pair_counts) {
    if (count > best_count || (count == best_count && key < best_key)) {
      best_key = key;
      best_count = count;
    }
  }
  if (best_count == 0) return false;
  left = static_cast<std::int32_t>(best_key >> 32);
  right = static_cast<std::int32_t>(best_key & 0xFFFFFFFFu);
  return true;
}

void apply_merge(std::vector<Word>& words, std::int32_t left, std::int32_t right, std::int32_t merged) {
  for (Word& word : words) {
    auto& symbols = word.symbols;
    std::size_t out = 0;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
        symbols[out++] = merged;
        ++i;
      } else {
        symbols[out++] = symbols[i];
      }
    }
    symbols.resize(out);
  }
}

}  // namespace

void train_byte_level_bpe(const std::vector<std::string>& texts, std::int64_t vocab_size,
                          const std::filesystem::path& out_dir, BpeConvention convention) {
  const std::string where = out_dir.string();
  const bool opt = convention == BpeConvention::Opt;
  const std::vector<std::string> leading =
      opt ? std::vector<std::string>{"<s>", "<pad>", "</s>", "<unk>"} : std::vector<std::string>{};
  const std::int64_t trailing = opt ? 0 : 1;  // GPT-2's <|endoftext|>
  const auto fixed = static_cast<std::int64_t>(leading.size()) + 256 + trailing;
  if (vocab_size < fixed) {
    fail(where, "vocab_size " + std::to_string(vocab_size) + " is below " + std::to_string(fixed) +
                    " (256 byte tokens and the special tokens)");
  }

  std::vector<std::string> spellings = leading;  // special spellings never take part in merges
  std::unordered_map<std::string, std::int32_t> id_of_spelling;
  std::array<std::int32_t, 256> byte_ids{};
  for (const std::uint8_t byte : text::byte_level_alphabet()) {
    byte_ids[byte] = static_cast<std::int32_t>(spellings.size());
    id_of_spelling.emplace(text::byte_symbol_utf8(byte), byte_ids[byte]);
    spellings.push_back(text::byte_symbol_utf8(byte));
  }

  std::vector<Word> words = count_words(texts, byte_ids);
  std::vector<std::pair<std::int32_t, std::int32_t>> merges;
  const auto learned_tokens = static_cast<std::size_t>(vocab_size - trailing);
  while (spellings.size() < learned_tokens) {
    std::int32_t left = 0, right = 0;
    if (!most_frequent_pair(words, left, right)) {
      fail(where, "the training texts give only " + std::to_string(spellings.size() + trailing) +
                      " tokens, fewer than vocab_size " + std::to_string(vocab_size));
    }
    const std::string spelling = spellings[left] + spellings[right];
    auto [it, is_new] = id_of_spelling.emplace(spelling, static_cast<std::int32_t>(spellings.size()));
    if (is_new) spellings.push_back(spelling);
    merges.emplace_back(left, right);
    apply_merge(words, left, right, it->second);
  }

  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  for (std::size_t id = 0; id < spellings.size(); ++id) vocab[spellings[id]] = id;
  if (!opt) vocab[kEndOfText] = spellings.size();
  std::string merges_text = "#version: 0.2\n";
  for (const auto& [left, right] : merges) merges_text += spellings[left] + " " + spellings[right] + "\n";
  const nlohmann::ordered_json config = opt ? nlohmann::ordered_json{{"tokenizer_class", "GPT2Tokenizer"},
                                                                     {"add_bos_token", true},
                                                                     {"add_prefix_space", false},
                                                                     {"bos_token", "</s>"},
                                                                     {"eos_token", "</s>"},
                                                                     {"pad_token", "<pad>"},
                                                                     {"unk_token", "<unk>"}}
                                            : nlohmann::ordered_json{{"tokenizer_class", "GPT2Tokenizer"},
                                                                     {"add_bos_token", false},
                                                                     {"add_prefix_space", false},
                                                                     {"bos_token", kEndOfText},
                                                                     {"eos_token", kEndOfText},
                                                                     {"unk_token", kEndOfText}};

  write_file_atomically(out_dir / "vocab.json", vocab.dump() + "\n");
  write_file_atomically(out_dir / "merges.txt", merges_text);
  write_file_atomically(out_dir / "tokenizer_config.json", config.dump(2) + "\n");
}

}  // namespace dt
