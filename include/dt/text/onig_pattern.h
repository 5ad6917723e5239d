// tokenizer.json's Split patterns are Oniguruma regexes (HF tokenizers compiles them with `onig`, Ruby syntax); dt
// runs them on ICU. Where the two engines read an escape differently, the pattern is rewritten first: \h and \H
// are hex digits in Oniguruma but horizontal space in ICU. \s and \S are spelled \p{White_Space} / \P{...}, which
// is Oniguruma's set (U+000B and U+0085 included) and what ICU 72 matches, though ICU documents \s as
// [\t\n\f\r\p{Z}]. Oniguruma's ^, $ (line anchors) and . (anything but \n) are ICU's with UREGEX_MULTILINE |
// UREGEX_UNIX_LINES, which regex_split.cpp sets. \w (Oniguruma's word set differs from ICU's in places) and \b are
// left as ICU reads them.
#pragma once

#include <string>
#include <string_view>

namespace dt::text {

std::string icu_pattern_from_onig(std::string_view pattern);

}  // namespace dt::text
