// GPT-2's byte <-> symbol tables, built once.
#include "dt/text/byte_level.h"

#include <unordered_map>

#include "dt/text/utf8.h"

namespace dt::text {
namespace {

struct ByteLevelTables {
  std::array<std::uint8_t, 256> alphabet{};
  std::array<char32_t, 256> symbol{};
  std::array<std::string, 256> symbol_utf8;
  std::unordered_map<char32_t, std::uint8_t> byte_of_symbol;

  ByteLevelTables() {
    const auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE); };
    std::size_t next = 0;
    for (int b = 0; b < 256; ++b)
      if (printable(b)) {
        alphabet[next++] = static_cast<std::uint8_t>(b);
        symbol[b] = static_cast<char32_t>(b);
      }
    char32_t shifted = 256;
    for (int b = 0; b < 256; ++b)
      if (!printable(b)) {
        alphabet[next++] = static_cast<std::uint8_t>(b);
        symbol[b] = shifted++;
      }
    for (int b = 0; b < 256; ++b) {
      append_utf8(symbol_utf8[b], symbol[b]);
      byte_of_symbol.emplace(symbol[b], static_cast<std::uint8_t>(b));
    }
  }
};

const ByteLevelTables& tables() {
  static const ByteLevelTables instance;
  return instance;
}

}  // namespace

char32_t byte_symbol(std::uint8_t byte) { return tables().symbol[byte]; }

const std::string& byte_symbol_utf8(std::uint8_t byte) { return tables().symbol_utf8[byte]; }

std::optional<std::uint8_t> symbol_byte(char32_t symbol) {
  const auto& map = tables().byte_of_symbol;
  const auto it = map.find(symbol);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

const std::array<std::uint8_t, 256>& byte_level_alphabet() { return tables().alphabet; }

std::string byte_level_spelling(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) out += byte_symbol_utf8(static_cast<std::uint8_t>(c));
  return out;
}

void append_token_bytes(std::string& out, std::string_view token) {
  const std::size_t start = out.size();
  for (std::size_t pos = 0; pos < token.size();) {
    const CodePoint cp = decode_utf8(token, pos);
    const auto byte = cp.valid ? symbol_byte(cp.value) : std::nullopt;
    if (!byte) {
      out.resize(start);
      out.append(token);
      return;
    }
    out += static_cast<char>(*byte);
    pos += cp.length;
  }
}

}  // namespace dt::text
