// Decoder steps over a list of token strings, each as HF tokenizers' decode_chain of that decoder.
#include "dt/text/decoder.h"

#include "dt/text/byte_level.h"
#include "dt/text/utf8.h"

namespace dt::text {
namespace {

using Tokens = std::vector<std::string>;

std::string join(const Tokens& tokens, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out.append(separator);
    out.append(tokens[i]);
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "<0x41>" -> 0x41; -1 for any other token (HF: six bytes, "<0x", two hex digits, ">").
int byte_token_value(const std::string& token) {
  if (token.size() != 6 || !token.starts_with("<0x") || token.back() != '>') return -1;
  const int high = hex_digit(token[3]), low = hex_digit(token[4]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

Tokens byte_fallback(Tokens tokens) {
  Tokens out;
  std::string bytes;
  const auto flush = [&] {
    if (bytes.empty()) return;
    if (to_valid_utf8(bytes) == bytes) {
      out.push_back(bytes);
    } else {
      out.insert(out.end(), bytes.size(), "\uFFFD");
    }
    bytes.clear();
  };
  for (std::string& token : tokens) {
    const int value = byte_token_value(token);
    if (value >= 0) {
      bytes += static_cast<char>(value);
    } else {
      flush();
      out.push_back(std::move(token));
    }
  }
  flush();
  return out;
}

std::string strip(const std::string& token, const StripDecoding& step) {
  std::vector<std::size_t> starts;  // byte offset of each code point, then the end
  for (std::size_t pos = 0; pos < token.size(); pos += decode_utf8(token, pos).length) starts.push_back(pos);
  const std::size_t count = starts.size();
  starts.push_back(token.size());
  const auto is_content = [&](std::size_t index) {
    const CodePoint cp = decode_utf8(token, starts[index]);
    return cp.valid && cp.value == step.content;
  };
  std::size_t first = 0;
  while (first < step.start && first < count && is_content(first)) ++first;
  std::size_t last = count;
  while (count - last < step.stop && last > first && is_content(last - 1)) --last;
  return token.substr(starts[first], starts[last] - starts[first]);
}

Tokens metaspace(Tokens tokens, const MetaspaceDecoding& step) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    tokens[i] = replace_all(tokens[i], step.replacement, i == 0 && step.drop_in_first_token ? "" : " ");
  }
  return tokens;
}

}  // namespace

std::string Decoder::decode(Tokens tokens) const {
  if (steps_.empty()) return join(tokens, " ");
  for (const DecoderStep& step : steps_) {
    if (std::holds_alternative<ByteLevelDecoding>(step)) {
      std::string bytes;
      for (const std::string& token : tokens) append_token_bytes(bytes, token);
      tokens = {to_valid_utf8(bytes)};
    } else if (const auto* replace = std::get_if<ReplaceText>(&step)) {
      for (std::string& token : tokens) token = replace_all(token, replace->pattern, replace->content);
    } else if (std::holds_alternative<ByteFallbackDecoding>(step)) {
      tokens = byte_fallback(std::move(tokens));
    } else if (std::holds_alternative<FuseDecoding>(step)) {
      tokens = {join(tokens, "")};
    } else if (const auto* strip_step = std::get_if<StripDecoding>(&step)) {
      for (std::string& token : tokens) token = strip(token, *strip_step);
    } else {
      tokens = metaspace(std::move(tokens), std::get<MetaspaceDecoding>(step));
    }
  }
  return join(tokens, "");
}

}  // namespace dt::text
