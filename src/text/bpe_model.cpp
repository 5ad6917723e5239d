// BPE merging with a min-heap of candidate merges over a linked list of symbols: O(n log n) in the word length,
// so a long unbroken word (a URL, a base64 blob) stays cheap. Stale heap entries are skipped when popped.
#include "dt/text/bpe_model.h"

#include <algorithm>
#include <limits>

#include "dt/text/byte_level.h"
#include "dt/text/utf8.h"
#include "dt/util/error.h"

namespace dt::text {
namespace {

constexpr std::size_t kMaxCachedWordBytes = 256;
constexpr std::size_t kMaxCacheEntries = 1 << 18;  // cleared when full

// "<0x41>", the spelling of a byte token in SentencePiece vocabularies (HF's format!("<{b:#04X}>")).
std::string byte_token(int byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("<0x") + kHex[byte >> 4] + kHex[byte & 15] + ">";
}

}  // namespace

BpeModel::BpeModel() {
  byte_ids_.fill(-1);
  byte_fallback_ids_.fill(-1);
}

BpeModel::BpeModel(const std::vector<std::pair<std::string, std::int64_t>>& vocab, Options options,
                   const std::string& where)
    : options_(std::move(options)) {
  byte_ids_.fill(-1);
  byte_fallback_ids_.fill(-1);
  token_to_id_.reserve(vocab.size());
  for (const auto& [token, id] : vocab) {
    if (id < 0 || id > std::numeric_limits<std::int32_t>::max()) {
      fail(where, "token '" + token + "' has id " + std::to_string(id) + ", outside 0..2^31-1");
    }
    if (!token_to_id_.emplace(token, static_cast<std::int32_t>(id)).second) {
      fail(where, "token '" + token + "' appears twice in the vocabulary");
    }
    const auto index = static_cast<std::size_t>(id);
    if (index >= id_to_token_.size()) {
      id_to_token_.resize(index + 1);
      has_token_.resize(index + 1, false);
    }
    if (has_token_[index]) {
      fail(where, "id " + std::to_string(id) + " is given to both '" + id_to_token_[index] + "' and '" + token + "'");
    }
    id_to_token_[index] = token;
    has_token_[index] = true;
  }
  for (int byte = 0; byte < 256; ++byte) {
    if (options_.byte_level) {
      const auto it = token_to_id_.find(byte_symbol_utf8(static_cast<std::uint8_t>(byte)));
      if (it != token_to_id_.end()) byte_ids_[byte] = it->second;
    }
    if (options_.byte_fallback) {
      const auto it = token_to_id_.find(byte_token(byte));
      if (it == token_to_id_.end()) {
        fail(where,
             "byte_fallback needs the 256 byte tokens <0x00>..<0xFF>, and '" + byte_token(byte) + "' is missing");
      }
      byte_fallback_ids_[byte] = it->second;
    }
  }
  if (options_.unk_token) {
    const auto it = token_to_id_.find(*options_.unk_token);
    if (it == token_to_id_.end()) fail(where, "unk_token '" + *options_.unk_token + "' is not in the vocabulary");
    unk_id_ = it->second;
  }
}

void BpeModel::add_merge(std::string_view left, std::string_view right, const std::string& where) {
  const auto left_it = token_to_id_.find(left);
  const auto right_it = token_to_id_.find(right);
  const std::string merged = std::string(left) + std::string(right);
  const auto merged_it = token_to_id_.find(merged);
  const std::string quoted = "merge '" + std::string(left) + " " + std::string(right) + "'";
  if (left_it == token_to_id_.end()) fail(where, quoted + ": '" + std::string(left) + "' is not in the vocabulary");
  if (right_it == token_to_id_.end()) fail(where, quoted + ": '" + std::string(right) + "' is not in the vocabulary");
  if (merged_it == token_to_id_.end()) fail(where, quoted + ": '" + merged + "' is not in the vocabulary");
  // A repeated pair takes its last rank, as HF's and OpenAI's merge maps do.
  merges_.insert_or_assign(pair_key(left_it->second, right_it->second), Merge{next_rank_++, merged_it->second});
}

std::optional<std::int64_t> BpeModel::token_to_id(std::string_view spelling) const {
  const auto it = token_to_id_.find(spelling);
  if (it == token_to_id_.end()) return std::nullopt;
  return it->second;
}

const std::string* BpeModel::id_to_token(std::int64_t id) const {
  if (id < 0 || id >= vocab_size() || !has_token_[static_cast<std::size_t>(id)]) return nullptr;
  return &id_to_token_[static_cast<std::size_t>(id)];
}

void BpeModel::merge(std::vector<std::int32_t>& ids) const {
  const auto count = static_cast<std::int32_t>(ids.size());
  if (count < 2) return;
  const auto later = [](const Candidate& a, const Candidate& b) {
    return a.rank != b.rank ? a.rank > b.rank : a.position > b.position;
  };
  const auto push_candidate = [&](std::int32_t position, std::int32_t left, std::int32_t right) {
    const auto it = merges_.find(pair_key(left, right));
    if (it == merges_.end()) return;
    candidates_.push_back({it->second.rank, position, left, right, it->second.merged_id});
    std::push_heap(candidates_.begin(), candidates_.end(), later);
  };

  symbols_.resize(ids.size());
  candidates_.clear();
  for (std::int32_t i = 0; i < count; ++i) symbols_[i] = {ids[i], i - 1, i + 1 < count ? i + 1 : -1};
  for (std::int32_t i = 0; i + 1 < count; ++i) push_candidate(i, ids[i], ids[i + 1]);

  while (!candidates_.empty()) {
    std::pop_heap(candidates_.begin(), candidates_.end(), later);
    const Candidate candidate = candidates_.back();
    candidates_.pop_back();
    Symbol& left = symbols_[candidate.position];
    if (left.id != candidate.left || left.next < 0 || symbols_[left.next].id != candidate.right) continue;
    Symbol& right = symbols_[left.next];
    left.id = candidate.merged;
    left.next = right.next;
    right.id = -1;
    if (left.next >= 0) symbols_[left.next].prev = candidate.position;
    if (left.prev >= 0) push_candidate(left.prev, symbols_[left.prev].id, left.id);
    if (left.next >= 0) push_candidate(candidate.position, left.id, symbols_[left.next].id);
  }

  ids.clear();
  for (std::int32_t i = 0; i >= 0; i = symbols_[i].next) ids.push_back(symbols_[i].id);
}

void BpeModel::split_units(std::string_view word, std::vector<std::int32_t>& ids) const {
  std::size_t pending_unks = 0;  // unknown units not yet emitted (one unk for the run when fuse_unk)
  const auto flush_unks = [&] {
    if (pending_unks > 0) ids.insert(ids.end(), options_.fuse_unk ? 1 : pending_unks, unk_id_);
    pending_unks = 0;
  };
  for (std::size_t pos = 0; pos < word.size();) {
    std::int32_t id = -1;
    std::size_t length = 1;
    if (options_.byte_level) {
      id = byte_ids_[static_cast<std::uint8_t>(word[pos])];
    } else {
      length = decode_utf8(word, pos).length;
      if (const auto it = token_to_id_.find(word.substr(pos, length)); it != token_to_id_.end()) id = it->second;
    }
    if (id >= 0) {
      flush_unks();
      ids.push_back(id);
    } else if (options_.byte_fallback) {
      // HF emits these without flushing a pending unk; with every byte token present no unk is ever pending.
      for (std::size_t i = pos; i < pos + length; ++i)
        ids.push_back(byte_fallback_ids_[static_cast<std::uint8_t>(word[i])]);
    } else if (unk_id_ >= 0) {
      ++pending_unks;
    }
    pos += length;
  }
  flush_unks();
}

void BpeModel::encode_word(std::string_view word, std::vector<std::int64_t>& ids) const {
  if (word.empty()) return;
  if (const auto hit = cache_.find(word); hit != cache_.end()) {
    const auto begin = cached_ids_.begin() + hit->second.offset;
    ids.insert(ids.end(), begin, begin + hit->second.length);
    return;
  }

  word_ids_.clear();
  auto whole = token_to_id_.end();
  if (options_.ignore_merges) {
    whole = options_.byte_level ? token_to_id_.find(byte_level_spelling(word)) : token_to_id_.find(word);
  }
  if (whole != token_to_id_.end()) {
    word_ids_.push_back(whole->second);
  } else {
    split_units(word, word_ids_);
    merge(word_ids_);
  }
  ids.insert(ids.end(), word_ids_.begin(), word_ids_.end());

  if (word.size() > kMaxCachedWordBytes) return;
  if (cache_.size() >= kMaxCacheEntries) {
    cache_.clear();
    cached_ids_.clear();
  }
  cache_.emplace(std::string(word), CachedWord{static_cast<std::uint32_t>(cached_ids_.size()),
                                               static_cast<std::uint32_t>(word_ids_.size())});
  cached_ids_.insert(cached_ids_.end(), word_ids_.begin(), word_ids_.end());
}

}  // namespace dt::text
