// Fuzz target: a JSON Lines data file read by read_jsonl. Contract: it returns one row per line or throws
// dt::Error naming the file and line.
#include "dt/task/jsonl.h"
#include "fuzz_scratch.h"

DT_FUZZ_TARGET(jsonl_rows) {
  const auto path = dt::fuzz::scratch_dir("jsonl") / "rows.jsonl";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    const auto file = dt::read_jsonl(path);
    for (std::size_t i = 0; i < file.rows.size(); ++i) dt::row_location(file, i);
  });
}
