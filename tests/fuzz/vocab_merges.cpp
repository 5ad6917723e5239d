// Fuzz target: a slow GPT-2 tokenizer directory given as parts (fuzz_scratch.h): vocab.json, merges.txt, then
// optionally tokenizer_config.json and special_tokens_map.json. Contract: loading throws dt::Error or gives a
// tokenizer whose encode/decode never crash and whose ids lie in [0, vocab_size).
#include "dt/text/vocab_merges_files.h"
#include "fuzz_scratch.h"
#include "tokenizer_exercise.h"

DT_FUZZ_TARGET(vocab_merges) {
  const auto parts = dt::fuzz::split_parts(input);
  const auto dir = dt::fuzz::scratch_dir("vocab-merges");
  const char* names[] = {"vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"};
  for (std::size_t i = 0; i < parts.size() && i < std::size(names); ++i) dt::fuzz::write_file(dir / names[i], parts[i]);
  dt::fuzz::expect_dt_error_or_success(
      [&] { dt::fuzz::exercise_tokenizer(*dt::text::load_vocab_merges_tokenizer(dir)); });
}
