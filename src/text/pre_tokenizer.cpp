// The pre-tokenizer pipeline: each step maps the current list of pieces to the next one.
#include "dt/text/pre_tokenizer.h"

#include "dt/text/gpt2_pre_tokenizer.h"

namespace dt::text {
namespace {

void apply_byte_level(const ByteLevelStep& step, std::string_view piece, std::vector<std::string_view>& out,
                      std::deque<std::string>& storage) {
  if (piece.empty()) return;  // HF drops empty pieces before any step sees them
  if (step.add_prefix_space && piece.front() != ' ') {
    std::string& prefixed = storage.emplace_back(1, ' ');
    prefixed.append(piece);
    piece = prefixed;
  }
  if (step.use_regex) {
    split_gpt2_pieces(piece, out);
  } else {
    out.push_back(piece);
  }
}

}  // namespace

bool PreTokenizer::has_byte_level() const {
  for (const auto& step : steps_)
    if (std::holds_alternative<ByteLevelStep>(step)) return true;
  return false;
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& pieces,
                         std::deque<std::string>& storage) const {
  if (text.empty()) return;
  if (steps_.empty()) {
    pieces.push_back(text);
    return;
  }
  std::vector<std::string_view> current{text};
  std::vector<std::string_view> next;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    std::vector<std::string_view>& out = i + 1 == steps_.size() ? pieces : next;
    for (const std::string_view piece : current) {
      if (const auto* split = std::get_if<RegexSplit>(&steps_[i])) {
        split->split(piece, out);
      } else {
        apply_byte_level(std::get<ByteLevelStep>(steps_[i]), piece, out, storage);
      }
    }
    if (&out == &next) {
      current.swap(next);
      next.clear();
    }
  }
}

}  // namespace dt::text
