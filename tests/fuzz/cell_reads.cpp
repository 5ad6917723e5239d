// read_like_cell_readers (see cell_reads.h).
#include "cell_reads.h"

#include "dt/results/hdf5_file.h"
#include "fuzz_target.h"

namespace dt::fuzz {

void read_like_cell_readers(const std::filesystem::path& path) {
  const auto h5 = Hdf5File::open_read(path);
  auto each = [](auto&& step) { expect_dt_error_or_success(step); };
  for (const char* name : {"format", "key", "config", "model", "task", "optimizer"})
    each([&] { h5.string_attribute("/", name); });
  for (const char* name : {"seed", "k"}) each([&] { h5.int_attribute("/", name); });
  for (const char* name : {"/steps", "/queries/answer", "/predictions/lm_log_p", "/think/step"})
    each([&] { h5.read_int(name); });
  for (const char* name : {"/scores/lm_log_p", "/accuracy/lm_log_p", "/think/update_norm"})
    each([&] { h5.read_double(name); });
  each([&] { h5.exists("/queries/choice_tokens"); });
}

}  // namespace dt::fuzz
