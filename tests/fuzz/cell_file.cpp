// Fuzz target: a result cell file as dt's tools take it: check_cell_file (the seal on the raw bytes, then format and
// checksum through HDF5), and for a trusted file the reads the cell readers make. Contract: check_cell_file never
// throws and classifies every input; the reads return or throw dt::Error. Unsealed and badly sealed bytes must never
// reach libhdf5, so this target, unlike hdf5_file, finds nothing inside it.
#include "cell_reads.h"
#include "dt/results/cell_file_check.h"
#include "fuzz_scratch.h"

DT_FUZZ_TARGET(cell_file) {
  const auto path = dt::fuzz::scratch_dir("cell") / "cell.h5";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  if (dt::check_cell_file(path).trusted())
    dt::fuzz::expect_dt_error_or_success([&] { dt::fuzz::read_like_cell_readers(path); });
}
