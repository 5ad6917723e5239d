// HF tokenizers' decoders: how decode() turns token spellings back into text. The steps run in order over the list
// of token strings (HF's decode_chain) and the strings left are concatenated:
//   ByteLevel     byte-level spellings back to bytes, all tokens into one (a token with a character outside the
//                 alphabet, an added token, stays as written); ill-formed UTF-8 becomes U+FFFD
//   Replace       a literal string replaced in each token ("▁" -> " ")
//   ByteFallback  each run of <0xXX> tokens back to the text its bytes spell, or one U+FFFD per byte when they are
//                 not valid UTF-8
//   Fuse          all tokens into one
//   Strip         up to `start` leading and `stop` trailing copies of one character removed from each token
//   Metaspace     the replacement character back to a space, except in the first token, where it is dropped unless
//                 prepend_scheme is never
// A decoder with no steps joins the tokens with single spaces, as HF does without one.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "dt/text/normalizer.h"

namespace dt::text {

struct ByteLevelDecoding {};
struct ByteFallbackDecoding {};
struct FuseDecoding {};
struct StripDecoding {
  char32_t content = U' ';
  std::size_t start = 0;
  std::size_t stop = 0;
};
struct MetaspaceDecoding {
  std::string replacement = "\u2581";
  bool drop_in_first_token = true;  // prepend_scheme always or first
};

using DecoderStep =
    std::variant<ByteLevelDecoding, ReplaceText, ByteFallbackDecoding, FuseDecoding, StripDecoding, MetaspaceDecoding>;

class Decoder {
 public:
  void add(DecoderStep step) { steps_.push_back(std::move(step)); }
  bool empty() const { return steps_.empty(); }

  std::string decode(std::vector<std::string> tokens) const;

 private:
  std::vector<DecoderStep> steps_;
};

}  // namespace dt::text
