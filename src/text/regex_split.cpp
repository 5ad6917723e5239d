// Split pre-tokenizer on ICU regular expressions, matching UTF-8 in place through a UText (match offsets are byte
// offsets). Regex patterns are Oniguruma's, rewritten for ICU (onig_pattern.h). The behaviours follow HF tokenizers'
// NormalizedString::split.
#include "dt/text/regex_split.h"

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include <algorithm>
#include <utility>

#include "dt/text/onig_pattern.h"
#include "dt/util/error.h"

namespace dt::text {
namespace {

struct Span {
  std::size_t begin;
  std::size_t end;
};

std::u16string to_utf16(std::string_view utf8, const std::string& where) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8WithSub(nullptr, 0, &length, utf8.data(), static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) fail(where, "pattern is not valid UTF-8");
  std::u16string out(static_cast<std::size_t>(length), u'\0');
  status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out.data(), length, nullptr, utf8.data(), static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr,
                       &status);
  if (U_FAILURE(status)) fail(where, "pattern is not valid UTF-8");
  return out;
}

}  // namespace

bool parse_split_behavior(std::string_view name, SplitBehavior& out) {
  static constexpr std::pair<std::string_view, SplitBehavior> kNames[] = {
      {"Removed", SplitBehavior::kRemoved},
      {"Isolated", SplitBehavior::kIsolated},
      {"MergedWithPrevious", SplitBehavior::kMergedWithPrevious},
      {"MergedWithNext", SplitBehavior::kMergedWithNext},
      {"Contiguous", SplitBehavior::kContiguous},
  };
  for (const auto& [spelling, behavior] : kNames) {
    if (spelling == name) {
      out = behavior;
      return true;
    }
  }
  return false;
}

void RegexSplit::Closer::operator()(URegularExpression* regex) const { uregex_close(regex); }

RegexSplit::RegexSplit(std::string_view pattern, bool literal, SplitBehavior behavior, bool invert,
                       const std::string& where)
    : behavior_(behavior), invert_(invert) {
  const std::u16string utf16 = to_utf16(literal ? std::string(pattern) : icu_pattern_from_onig(pattern), where);
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  URegularExpression* regex =
      uregex_open(reinterpret_cast<const UChar*>(utf16.data()), static_cast<int32_t>(utf16.size()),
                  literal ? UREGEX_LITERAL : UREGEX_MULTILINE | UREGEX_UNIX_LINES, &parse_error, &status);
  if (U_FAILURE(status)) {
    fail(where, "Split pattern does not compile (" + std::string(u_errorName(status)) + " at offset " +
                    std::to_string(parse_error.offset) + ")");
  }
  regex_.reset(regex);
}

RegexSplit::~RegexSplit() = default;
RegexSplit::RegexSplit(RegexSplit&& other) noexcept = default;
RegexSplit& RegexSplit::operator=(RegexSplit&& other) noexcept = default;

void RegexSplit::split(std::string_view text, std::vector<std::string_view>& pieces) const {
  // Every span of the text, in order, each marked as a match or not (HF's Pattern::find_matches).
  std::vector<std::pair<Span, bool>> spans;
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
  uregex_setUText(regex_.get(), &utext, &status);
  std::size_t previous = 0;
  while (U_SUCCESS(status) && uregex_findNext(regex_.get(), &status)) {
    const auto begin = static_cast<std::size_t>(uregex_start64(regex_.get(), 0, &status));
    const auto end = static_cast<std::size_t>(uregex_end64(regex_.get(), 0, &status));
    if (begin > previous) spans.push_back({{previous, begin}, invert_});
    spans.push_back({{begin, end}, !invert_});
    previous = end;
  }
  utext_close(&utext);
  if (U_FAILURE(status)) fail("Split pre-tokenizer", std::string("ICU regex matching failed: ") + u_errorName(status));
  if (previous < text.size()) spans.push_back({{previous, text.size()}, invert_});

  std::vector<Span> kept;
  bool previous_match = false;
  switch (behavior_) {
    case SplitBehavior::kRemoved:
      for (const auto& [span, is_match] : spans)
        if (!is_match) kept.push_back(span);
      break;
    case SplitBehavior::kIsolated:
      for (const auto& [span, is_match] : spans) kept.push_back(span);
      break;
    case SplitBehavior::kContiguous:
      for (const auto& [span, is_match] : spans) {
        if (!kept.empty() && is_match == previous_match) {
          kept.back().end = span.end;
        } else {
          kept.push_back(span);
        }
        previous_match = is_match;
      }
      break;
    case SplitBehavior::kMergedWithPrevious:
      for (const auto& [span, is_match] : spans) {
        if (!kept.empty() && is_match && !previous_match) {
          kept.back().end = span.end;
        } else {
          kept.push_back(span);
        }
        previous_match = is_match;
      }
      break;
    case SplitBehavior::kMergedWithNext:
      for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
        if (!kept.empty() && it->second && !previous_match) {
          kept.back().begin = it->first.begin;
        } else {
          kept.push_back(it->first);
        }
        previous_match = it->second;
      }
      std::reverse(kept.begin(), kept.end());
      break;
  }
  for (const Span& span : kept)
    if (span.end > span.begin) pieces.push_back(text.substr(span.begin, span.end - span.begin));
}

}  // namespace dt::text
