// BpeTokenizer: the encode and decode pipelines over the parts.
#include "dt/text/bpe_tokenizer.h"

#include <algorithm>

#include "dt/text/utf8.h"
#include "dt/util/error.h"

namespace dt::text {

std::optional<std::int64_t> find_added_token_id(const BpeTokenizerParts& parts, std::string_view content) {
  for (const AddedToken& token : parts.added_tokens)
    if (token.content == content) return token.id;
  return std::nullopt;
}

std::optional<std::int64_t> find_token_id(const BpeTokenizerParts& parts, std::string_view content) {
  if (const auto added = find_added_token_id(parts, content)) return added;
  return parts.model.token_to_id(content);
}

BpeTokenizer::BpeTokenizer(BpeTokenizerParts parts) : parts_(std::move(parts)) {
  vocab_size_ = parts_.model.vocab_size();
  std::vector<AddedToken> raw, normalized;
  for (const AddedToken& token : parts_.added_tokens) {
    added_content_by_id_[token.id] = token.content;
    added_id_by_content_[token.content] = token.id;
    vocab_size_ = std::max(vocab_size_, token.id + 1);
    if (token.normalized) {
      normalized.push_back(token);
      normalized.back().content = parts_.normalizer.apply(token.content);
    } else {
      raw.push_back(token);
    }
  }
  raw_added_tokens_ = AddedTokenMatcher(std::move(raw));
  normalized_added_tokens_ = AddedTokenMatcher(std::move(normalized));
}

std::vector<std::int64_t> BpeTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  std::vector<std::int64_t> ids;
  ids.reserve(text.size() / 3 + 8);
  if (raw_added_tokens_.empty()) {
    encode_plain(text, true, ids);
  } else {
    std::vector<TextSegment> segments;
    raw_added_tokens_.split(text, segments);
    for (const TextSegment& segment : segments) {
      if (segment.added_id >= 0) {
        ids.push_back(segment.added_id);
      } else {
        encode_plain(segment.text, segment.text.data() == text.data(), ids);
      }
    }
  }
  if (add_special_tokens) parts_.post_processor.apply(ids);
  return ids;
}

void BpeTokenizer::encode_plain(std::string_view text, bool at_text_start, std::vector<std::int64_t>& ids) const {
  std::string normalized;
  if (!parts_.normalizer.is_identity()) {
    normalized = parts_.normalizer.apply(text);
    text = normalized;
  }
  if (normalized_added_tokens_.empty()) {
    encode_pieces(text, at_text_start, ids);
    return;
  }
  std::vector<TextSegment> segments;
  normalized_added_tokens_.split(text, segments);
  for (const TextSegment& segment : segments) {
    if (segment.added_id >= 0) {
      ids.push_back(segment.added_id);
    } else {
      encode_pieces(segment.text, at_text_start && segment.text.data() == text.data(), ids);
    }
  }
}

void BpeTokenizer::encode_pieces(std::string_view text, bool at_text_start, std::vector<std::int64_t>& ids) const {
  pieces_.clear();
  piece_storage_.clear();
  parts_.pre_tokenizer.split(text, at_text_start, pieces_, piece_storage_);
  for (const std::string_view piece : pieces_) parts_.model.encode_word(piece, ids);
}

std::string BpeTokenizer::decode(const std::vector<std::int64_t>& ids) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (const std::int64_t id : ids) {
    if (const auto added = added_content_by_id_.find(id); added != added_content_by_id_.end()) {
      tokens.push_back(added->second);
    } else if (const std::string* token = parts_.model.id_to_token(id)) {
      tokens.push_back(*token);
    } else {
      fail("decode", "id " + std::to_string(id) + " is not a token of " + describe());
    }
  }
  return to_valid_utf8(parts_.decoder.decode(std::move(tokens)));
}

std::optional<std::int64_t> BpeTokenizer::token_to_id(std::string_view token) const {
  if (const auto added = added_id_by_content_.find(std::string(token)); added != added_id_by_content_.end()) {
    return added->second;
  }
  return parts_.model.token_to_id(token);
}

std::string BpeTokenizer::describe() const {
  return parts_.kind + " (" + parts_.source + ", " + std::to_string(vocab_size_) + " tokens)";
}

}  // namespace dt::text
