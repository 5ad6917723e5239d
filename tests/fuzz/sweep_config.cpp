// Fuzz target: a sweep configuration (TOML, configs/*.toml) read by load_sweep_config, then expanded into its grid
// when it loads. Task names resolve against the repository's jobs/ and models against a scratch HF cache, so that
// a config may name real tasks. Contract: loading and expanding return or throw dt::Error.
#include "dt/config/sweep_config.h"

#include "fuzz_scratch.h"

DT_FUZZ_TARGET(sweep_config) {
  const auto dir = dt::fuzz::scratch_dir("sweep-config");
  dt::fuzz::write_file(dir / "sweep.toml", dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    std::vector<dt::MissingInput> missing;
    const auto sweep = dt::load_sweep_config(dir / "sweep.toml", {dir / "out", dir / "hub", dir / "data"}, &missing);
    if (dt::expand_grid(sweep).size() > (std::size_t{1} << 40)) throw std::logic_error("grid beyond any bound");
  });
}
