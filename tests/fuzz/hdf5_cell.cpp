// Fuzz target: a result cell file (HDF5) read through Hdf5File with the reads the cell readers make (read_cell_key
// in results/cell_file.cpp, read_cell in report/result_set.cpp, results_compare.cpp). Contract: every read returns
// or throws dt::Error. The HDF5 library itself is not instrumented; a crash inside it is reported as found here.
#include "dt/results/hdf5_file.h"
#include "fuzz_scratch.h"

DT_FUZZ_TARGET(hdf5_cell) {
  const auto path = dt::fuzz::scratch_dir("hdf5") / "cell.h5";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    const auto h5 = dt::Hdf5File::open_read(path);
    auto each = [](auto&& step) { dt::fuzz::expect_dt_error_or_success(step); };
    for (const char* name : {"format", "key", "config", "model", "task", "optimizer"})
      each([&] { h5.string_attribute("/", name); });
    for (const char* name : {"seed", "k"}) each([&] { h5.int_attribute("/", name); });
    for (const char* name : {"/steps", "/queries/answer", "/predictions/lm_log_p", "/think/step"})
      each([&] { h5.read_int(name); });
    for (const char* name : {"/scores/lm_log_p", "/accuracy/lm_log_p", "/think/update_norm"})
      each([&] { h5.read_double(name); });
    each([&] { h5.exists("/queries/choice_tokens"); });
  });
}
