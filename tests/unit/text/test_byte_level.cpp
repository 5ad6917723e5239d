// GPT-2's byte-level alphabet and UTF-8 helpers: the mapping is a bijection onto 256 printable code points in
// GPT-2's order, and ill-formed UTF-8 is replaced per maximal subpart.
#include <gtest/gtest.h>

#include <set>

#include "dt/text/byte_level.h"
#include "dt/text/utf8.h"

namespace dt::text {
namespace {

TEST(ByteLevel, KnownSymbols) {
  EXPECT_EQ(byte_symbol(' '), U'Ġ');
  EXPECT_EQ(byte_symbol('\n'), U'Ċ');
  EXPECT_EQ(byte_symbol(0), U'\u0100');
  EXPECT_EQ(byte_symbol('a'), U'a');
  EXPECT_EQ(byte_symbol(0xAD), U'\u0143');
  EXPECT_EQ(byte_symbol_utf8(' '), "Ġ");
  EXPECT_EQ(byte_level_spelling(" the\n"), "ĠtheĊ");
}

TEST(ByteLevel, AlphabetIsABijectionInGpt2Order) {
  const auto& alphabet = byte_level_alphabet();
  EXPECT_EQ(alphabet[0], '!');
  EXPECT_EQ(alphabet[93], '~');
  EXPECT_EQ(alphabet[188], 0);  // GPT-2's vocabulary: "Ā" (byte 0) has id 188
  std::set<char32_t> symbols;
  std::set<int> bytes;
  for (const std::uint8_t byte : alphabet) {
    bytes.insert(byte);
    symbols.insert(byte_symbol(byte));
    EXPECT_EQ(symbol_byte(byte_symbol(byte)), byte);
  }
  EXPECT_EQ(bytes.size(), 256u);
  EXPECT_EQ(symbols.size(), 256u);
  EXPECT_EQ(symbol_byte(U'€'), std::nullopt);
}

TEST(ByteLevel, TokenBytes) {
  std::string out;
  append_token_bytes(out, "ĠhelloĊ");
  EXPECT_EQ(out, " hello\n");
  out.clear();
  append_token_bytes(out, "<pad>");  // printable ASCII stands for itself
  EXPECT_EQ(out, "<pad>");
  out.clear();
  append_token_bytes(out, "€x");  // not a byte-level spelling: the token's own bytes
  EXPECT_EQ(out, "€x");
}

TEST(Utf8, DecodeAndRepair) {
  EXPECT_EQ(decode_utf8("é", 0).value, U'é');
  EXPECT_EQ(decode_utf8("😀", 0).length, 4u);
  EXPECT_FALSE(decode_utf8("\xC0\x80", 0).valid);        // overlong
  EXPECT_FALSE(decode_utf8("\xED\xA0\x80", 0).valid);    // surrogate
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98", 0).length, 3u);  // truncated: the whole valid prefix
  EXPECT_EQ(to_valid_utf8("a\xF0\x9F\x98"
                          "b\xFF"),
            "a\uFFFDb\uFFFD");
  EXPECT_EQ(to_valid_utf8("ok é 😀"), "ok é 😀");
}

}  // namespace
}  // namespace dt::text
