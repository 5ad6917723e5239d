// Fuzz target: any bytes read through Hdf5File with the reads the cell readers make (read_cell in
// report/result_set.cpp, results_compare.cpp). Contract: every read returns or throws dt::Error. The HDF5 library
// itself is not instrumented; a crash inside it is reported as found here. dt's tools never hand libhdf5 bytes like
// these: a cell file reaches HDF5 only once its seal matches (target cell_file), or through dt-seal.
#include "cell_reads.h"
#include "fuzz_scratch.h"

DT_FUZZ_TARGET(hdf5_file) {
  const auto path = dt::fuzz::scratch_dir("hdf5") / "cell.h5";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] { dt::fuzz::read_like_cell_readers(path); });
}
