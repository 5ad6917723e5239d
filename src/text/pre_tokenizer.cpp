// The pre-tokenizer pipeline: each step maps the current list of pieces to the next one. Every piece carries
// whether it starts the input text, which only Metaspace's prepend_scheme "first" asks.
#include "dt/text/pre_tokenizer.h"

#include "dt/text/gpt2_pre_tokenizer.h"
#include "dt/text/normalizer.h"

namespace dt::text {
namespace {

using Piece = PreTokenizer::Piece;

void apply_split(const RegexSplit& split, const Piece& piece, std::vector<Piece>& out,
                 std::vector<std::string_view>& scratch) {
  scratch.clear();
  split.split(piece.text, scratch);
  for (const std::string_view part : scratch)
    out.push_back({part, piece.at_text_start && part.data() == piece.text.data()});
}

void apply_byte_level(const ByteLevelStep& step, Piece piece, std::vector<Piece>& out,
                      std::vector<std::string_view>& scratch, std::deque<std::string>& storage) {
  if (step.add_prefix_space && piece.text.front() != ' ') {
    std::string& prefixed = storage.emplace_back(1, ' ');
    prefixed.append(piece.text);
    piece.text = prefixed;
  }
  if (!step.use_regex) {
    out.push_back(piece);
    return;
  }
  scratch.clear();
  split_gpt2_pieces(piece.text, scratch);
  for (std::size_t i = 0; i < scratch.size(); ++i) out.push_back({scratch[i], piece.at_text_start && i == 0});
}

// HF's Metaspace: replace, prepend, then split with MergedWithNext, i.e. cut before every replacement character.
void apply_metaspace(const MetaspaceStep& step, const Piece& piece, std::vector<Piece>& out,
                     std::deque<std::string>& storage) {
  std::string& text = storage.emplace_back(replace_all(piece.text, " ", step.replacement));
  const bool prepend = step.prepend_scheme == PrependScheme::kAlways ||
                       (step.prepend_scheme == PrependScheme::kFirst && piece.at_text_start);
  if (prepend && !text.starts_with(step.replacement)) text.insert(0, step.replacement);
  if (!step.split) {
    out.push_back({text, piece.at_text_start});
    return;
  }
  const std::string_view view = text;
  std::size_t begin = 0;
  for (std::size_t found = view.find(step.replacement, 1); found != std::string_view::npos;
       found = view.find(step.replacement, found + 1)) {
    out.push_back({view.substr(begin, found - begin), piece.at_text_start && begin == 0});
    begin = found;
  }
  out.push_back({view.substr(begin), piece.at_text_start && begin == 0});
}

}  // namespace

bool parse_prepend_scheme(std::string_view name, PrependScheme& out) {
  static constexpr std::pair<std::string_view, PrependScheme> kNames[] = {
      {"always", PrependScheme::kAlways}, {"first", PrependScheme::kFirst}, {"never", PrependScheme::kNever}};
  for (const auto& [spelling, scheme] : kNames) {
    if (spelling == name) {
      out = scheme;
      return true;
    }
  }
  return false;
}

bool PreTokenizer::has_byte_level() const {
  for (const auto& step : steps_)
    if (std::holds_alternative<ByteLevelStep>(step)) return true;
  return false;
}

void PreTokenizer::split(std::string_view text, bool at_text_start, std::vector<std::string_view>& pieces,
                         std::deque<std::string>& storage) const {
  if (text.empty()) return;
  if (steps_.size() == 1) {  // GPT-2's whole pre-tokenizer, the hot path: straight into `pieces`
    const auto* byte_level = std::get_if<ByteLevelStep>(&steps_.front());
    if (byte_level != nullptr && byte_level->use_regex && !byte_level->add_prefix_space) {
      split_gpt2_pieces(text, pieces);
      return;
    }
  }
  current_.assign(1, Piece{text, at_text_start});
  for (const auto& step : steps_) {
    next_.clear();
    for (const Piece& piece : current_) {
      if (piece.text.empty()) continue;  // HF drops empty pieces before any step sees them
      if (const auto* split = std::get_if<RegexSplit>(&step)) {
        apply_split(*split, piece, next_, scratch_);
      } else if (const auto* byte_level = std::get_if<ByteLevelStep>(&step)) {
        apply_byte_level(*byte_level, piece, next_, scratch_, storage);
      } else {
        apply_metaspace(std::get<MetaspaceStep>(step), piece, next_, storage);
      }
    }
    current_.swap(next_);
  }
  for (const Piece& piece : current_)
    if (!piece.text.empty()) pieces.push_back(piece.text);
}

}  // namespace dt::text
