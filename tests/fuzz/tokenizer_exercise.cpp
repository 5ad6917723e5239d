// exercise_tokenizer (see tokenizer_exercise.h).
#include "tokenizer_exercise.h"

#include <stdexcept>
#include <string>

namespace dt::fuzz {

void exercise_tokenizer(const Tokenizer& tokenizer) {
  static const char* const texts[] = {"",
                                      "Hello world",
                                      "  it's a test\n\n",
                                      "Sentiment: positive</s><|endoftext|>",
                                      "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
                                      "\xff\xfe broken utf-8"};
  for (const char* text : texts)
    for (bool special : {false, true}) {
      const auto ids = tokenizer.encode(text, special);
      for (const auto id : ids)
        if (id < 0 || id >= tokenizer.vocab_size())
          throw std::logic_error("id " + std::to_string(id) + " outside the vocabulary");
      tokenizer.decode(ids);
    }
  tokenizer.token_to_id("<|endoftext|>");
  tokenizer.bos_id();
  tokenizer.eos_id();
  tokenizer.pad_id();
  tokenizer.describe();
}

}  // namespace dt::fuzz
