// GPT-2 pre-tokenizer edge cases, written by hand from the pattern
// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ : contractions (lower case only),
// the optional leading space, whitespace runs and their backtracking, and non-ASCII letters, numbers, marks and
// spaces.
#include <gtest/gtest.h>

#include "dt/text/gpt2_pre_tokenizer.h"

namespace dt::text {
namespace {

using Pieces = std::vector<std::string>;

Pieces pieces_of(std::string_view text) {
  std::vector<std::string_view> views;
  split_gpt2_pieces(text, views);
  return Pieces(views.begin(), views.end());
}

TEST(Gpt2PreTokenizer, Contractions) {
  EXPECT_EQ(pieces_of("I'm sure they'll've"), (Pieces{"I", "'m", " sure", " they", "'ll", "'ve"}));
  EXPECT_EQ(pieces_of("don't we'd you're"), (Pieces{"don", "'t", " we", "'d", " you", "'re"}));
  // Upper case is not a contraction: the apostrophe is punctuation and the letter starts a word.
  EXPECT_EQ(pieces_of("'S 'T 's"), (Pieces{"'", "S", " '", "T", " '", "s"}));
  // A punctuation run swallows the apostrophe before a contraction could start.
  EXPECT_EQ(pieces_of("'''s"), (Pieces{"'''", "s"}));
  EXPECT_EQ(pieces_of(" 's"), (Pieces{" '", "s"}));
  EXPECT_EQ(pieces_of("'"), (Pieces{"'"}));
}

TEST(Gpt2PreTokenizer, SpacesBeforePunctuationAndWords) {
  EXPECT_EQ(pieces_of("hello , world !"), (Pieces{"hello", " ,", " world", " !"}));
  EXPECT_EQ(pieces_of("x  !"), (Pieces{"x", " ", " !"}));
  EXPECT_EQ(pieces_of("  leading"), (Pieces{" ", " leading"}));
  EXPECT_EQ(pieces_of(" "), (Pieces{" "}));
}

TEST(Gpt2PreTokenizer, TrailingSpacesAndWhitespaceRuns) {
  EXPECT_EQ(pieces_of("trailing spaces   "), (Pieces{"trailing", " spaces", "   "}));
  EXPECT_EQ(pieces_of("a\t\tb"), (Pieces{"a", "\t", "\t", "b"}));
  EXPECT_EQ(pieces_of("a\n\nb"), (Pieces{"a", "\n", "\n", "b"}));
  EXPECT_EQ(pieces_of("\n\n"), (Pieces{"\n\n"}));
  EXPECT_EQ(pieces_of("x \n\n y"), (Pieces{"x", " \n\n", " y"}));
  EXPECT_EQ(pieces_of("a\n b"), (Pieces{"a", "\n", " b"}));
}

TEST(Gpt2PreTokenizer, NonAsciiLettersMarksAndSymbols) {
  EXPECT_EQ(pieces_of("日本語のテキスト"), (Pieces{"日本語のテキスト"}));
  EXPECT_EQ(pieces_of("emoji 😀👍🏽!"), (Pieces{"emoji", " 😀👍🏽!"}));
  // A combining mark (category Mn) is neither a letter nor a number.
  EXPECT_EQ(pieces_of("cafe\u0301 e\u0301"), (Pieces{"cafe", "\u0301", " e", "\u0301"}));
  EXPECT_EQ(pieces_of("ÉCOLE naïve"), (Pieces{"ÉCOLE", " naïve"}));
}

TEST(Gpt2PreTokenizer, Digits) {
  EXPECT_EQ(pieces_of("123 4567 12.5"), (Pieces{"123", " 4567", " 12", ".", "5"}));
  // Arabic-Indic digits are Nd, the vulgar fraction one half is No.
  EXPECT_EQ(pieces_of("\u0660\u0661 \u00bd"), (Pieces{"\u0660\u0661", " \u00bd"}));
  EXPECT_EQ(pieces_of("abc123"), (Pieces{"abc", "123"}));
}

TEST(Gpt2PreTokenizer, UnicodeWhiteSpace) {
  // NBSP, NEL and LINE SEPARATOR are White_Space; only U+0020 can lead a word.
  EXPECT_EQ(pieces_of("a\u00a0b"), (Pieces{"a", "\u00a0", "b"}));
  EXPECT_EQ(pieces_of("a\u00a0 b"), (Pieces{"a", "\u00a0", " b"}));
  EXPECT_EQ(pieces_of("a\u2028b"), (Pieces{"a", "\u2028", "b"}));
  EXPECT_EQ(pieces_of("a\u0085b"), (Pieces{"a", "\u0085", "b"}));
  EXPECT_EQ(classify(U'\u3000'), CharClass::kSpace);
  EXPECT_EQ(classify(U'\u200b'), CharClass::kOther);  // ZERO WIDTH SPACE is not White_Space
}

TEST(Gpt2PreTokenizer, InvalidUtf8BytesArePunctuation) {
  EXPECT_EQ(pieces_of("a\xff\xfe b"), (Pieces{"a", "\xff\xfe", " b"}));
  EXPECT_EQ(pieces_of("\xe2\x82"), (Pieces{"\xe2\x82"}));
}

TEST(Gpt2PreTokenizer, PiecesCoverTheText) {
  const std::string text = "It's 3.14 ,  ok?\n\n\tNo  way  \u00a0 😀 x";
  std::string joined;
  for (const auto& piece : pieces_of(text)) {
    EXPECT_FALSE(piece.empty());
    joined += piece;
  }
  EXPECT_EQ(joined, text);
  EXPECT_TRUE(pieces_of("").empty());
}

}  // namespace
}  // namespace dt::text
