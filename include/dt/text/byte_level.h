// GPT-2's byte-level alphabet (`bytes_to_unicode` in OpenAI's encoder.py): every byte is spelled as one printable
// code point, so a byte-level BPE vocabulary is a set of ordinary strings. Printable Latin-1 bytes stand for
// themselves; the other 68 bytes (controls, space, 0x7F-0xA0, 0xAD) map to U+0100 upward, e.g. ' ' -> 'Ġ'.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dt::text {

// The code point that spells `byte`, and its UTF-8 form.
char32_t byte_symbol(std::uint8_t byte);
const std::string& byte_symbol_utf8(std::uint8_t byte);

// The byte a symbol spells, if it is one of the 256.
std::optional<std::uint8_t> symbol_byte(char32_t symbol);

// The 256 bytes in GPT-2's order (printable ranges first, then the rest ascending): the order of the byte tokens
// at the start of GPT-2's vocabulary.
const std::array<std::uint8_t, 256>& byte_level_alphabet();

// Raw bytes -> their byte-level spelling (a vocabulary token string).
std::string byte_level_spelling(std::string_view bytes);

// Appends the bytes a token spells, as HF's ByteLevel decoder does: a token made only of byte symbols gives its
// bytes; any other token (an added token such as "<pad>" with a character outside the alphabet) gives itself.
void append_token_bytes(std::string& out, std::string_view token);

}  // namespace dt::text
