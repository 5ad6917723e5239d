// Fuzz target: an HF fast tokenizer's `tokenizer.json`, loaded and then used to encode and decode a few texts.
// Contract: loading throws dt::Error or gives a tokenizer whose encode/decode never crash and whose ids lie in
// [0, vocab_size).
#include "dt/text/hf_tokenizer_json.h"
#include "fuzz_scratch.h"
#include "tokenizer_exercise.h"

DT_FUZZ_TARGET(tokenizer_json) {
  const auto dir = dt::fuzz::scratch_dir("tokenizer-json");
  dt::fuzz::write_file(dir / "tokenizer.json", dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] { dt::fuzz::exercise_tokenizer(*dt::text::load_hf_tokenizer_json(dir)); });
}
