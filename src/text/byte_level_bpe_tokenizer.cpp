// ByteLevelBpeTokenizer: the encode and decode pipelines over the parts.
#include "dt/text/byte_level_bpe_tokenizer.h"

#include <algorithm>

#include "dt/text/byte_level.h"
#include "dt/text/utf8.h"
#include "dt/util/error.h"

namespace dt::text {

std::optional<std::int64_t> find_added_token_id(const ByteLevelBpeParts& parts, std::string_view content) {
  for (const AddedTokenMatcher* matcher : {&parts.raw_added_tokens, &parts.normalized_added_tokens}) {
    for (const AddedToken& token : matcher->tokens())
      if (token.content == content) return token.id;
  }
  return std::nullopt;
}

std::optional<std::int64_t> find_token_id(const ByteLevelBpeParts& parts, std::string_view content) {
  if (const auto added = find_added_token_id(parts, content)) return added;
  return parts.model.token_to_id(content);
}

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(ByteLevelBpeParts parts) : parts_(std::move(parts)) {
  vocab_size_ = parts_.model.vocab_size();
  for (const AddedTokenMatcher* matcher : {&parts_.raw_added_tokens, &parts_.normalized_added_tokens}) {
    for (const AddedToken& token : matcher->tokens()) {
      added_content_by_id_[token.id] = token.content;
      added_id_by_content_[token.content] = token.id;
      vocab_size_ = std::max(vocab_size_, token.id + 1);
    }
  }
}

std::vector<std::int64_t> ByteLevelBpeTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  std::vector<std::int64_t> ids;
  ids.reserve(text.size() / 3 + 8);
  if (parts_.raw_added_tokens.empty()) {
    encode_plain(text, ids);
  } else {
    std::vector<TextSegment> segments;
    parts_.raw_added_tokens.split(text, segments);
    for (const TextSegment& segment : segments) {
      if (segment.added_id >= 0) {
        ids.push_back(segment.added_id);
      } else {
        encode_plain(segment.text, ids);
      }
    }
  }
  if (add_special_tokens) parts_.post_processor.apply(ids);
  return ids;
}

void ByteLevelBpeTokenizer::encode_plain(std::string_view text, std::vector<std::int64_t>& ids) const {
  std::string normalized;
  if (!parts_.normalizer.is_identity()) {
    normalized = parts_.normalizer.apply(text);
    text = normalized;
  }
  if (parts_.normalized_added_tokens.empty()) {
    encode_pieces(text, ids);
    return;
  }
  std::vector<TextSegment> segments;
  parts_.normalized_added_tokens.split(text, segments);
  for (const TextSegment& segment : segments) {
    if (segment.added_id >= 0) {
      ids.push_back(segment.added_id);
    } else {
      encode_pieces(segment.text, ids);
    }
  }
}

void ByteLevelBpeTokenizer::encode_pieces(std::string_view text, std::vector<std::int64_t>& ids) const {
  pieces_.clear();
  piece_storage_.clear();
  parts_.pre_tokenizer.split(text, pieces_, piece_storage_);
  for (const std::string_view piece : pieces_) parts_.model.encode_word(piece, ids);
}

std::string ByteLevelBpeTokenizer::decode(const std::vector<std::int64_t>& ids) const {
  std::string bytes;
  for (const std::int64_t id : ids) {
    if (const auto added = added_content_by_id_.find(id); added != added_content_by_id_.end()) {
      append_token_bytes(bytes, added->second);
    } else if (const std::string* token = parts_.model.id_to_token(id)) {
      append_token_bytes(bytes, *token);
    } else {
      fail("decode", "id " + std::to_string(id) + " is not a token of " + describe());
    }
  }
  return to_valid_utf8(bytes);
}

std::optional<std::int64_t> ByteLevelBpeTokenizer::token_to_id(std::string_view token) const {
  if (const auto added = added_id_by_content_.find(std::string(token)); added != added_id_by_content_.end()) {
    return added->second;
  }
  return parts_.model.token_to_id(token);
}

std::string ByteLevelBpeTokenizer::describe() const {
  return "byte-level BPE (" + parts_.source + ", " + std::to_string(vocab_size_) + " tokens)";
}

}  // namespace dt::text
