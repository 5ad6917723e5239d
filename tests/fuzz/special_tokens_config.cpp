// Fuzz target: `tokenizer_config.json` and (after the part separator, fuzz_scratch.h) `special_tokens_map.json`,
// read by read_special_tokens_config. Contract: it returns the tokens or throws dt::Error naming the file.
#include "dt/text/special_tokens_config.h"

#include "fuzz_scratch.h"

DT_FUZZ_TARGET(special_tokens_config) {
  const auto parts = dt::fuzz::split_parts(input);
  const auto dir = dt::fuzz::scratch_dir("special-tokens");
  dt::fuzz::write_file(dir / "tokenizer_config.json", parts[0]);
  if (parts.size() > 1) dt::fuzz::write_file(dir / "special_tokens_map.json", parts[1]);
  dt::fuzz::expect_dt_error_or_success([&] { dt::text::read_special_tokens_config(dir); });
}
