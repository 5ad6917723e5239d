// exercise_tokenizer: what the tokenizer fuzz targets do with a tokenizer that loaded: encode a few texts (with and
// without special tokens), check every id against vocab_size, decode them back, and look up the special tokens.
#pragma once

#include "dt/text/tokenizer.h"

namespace dt::fuzz {

void exercise_tokenizer(const Tokenizer& tokenizer);

}  // namespace dt::fuzz
