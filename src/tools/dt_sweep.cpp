// dt-sweep CONFIG.toml: runs a grid of cells, sharded over MPI ranks (`mpirun -np N dt-sweep configs/paper.toml`).
// See sweep/sweep_runner.h for the exit status. `--check` (alias `--dry-run`) runs the preflight of sweep/preflight.h
// on rank 0 instead: exit status 0 when every input resolves, 2 otherwise.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "command_line.h"
#include "dt/sweep/mpi_channel.h"
#include "dt/sweep/preflight.h"
#include "dt/sweep/sweep_runner.h"
#include "dt/util/blas_setup.h"
#include "dt/util/crash_report.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  dt::ensure_fast_blas(argc, argv);
  dt::install_crash_report("dt-sweep");
  dt::MpiChannel mpi(&argc, &argv);
  dt::SweepOptions options;
  bool check = false, dry_run = false;
  std::string config, output, checkpoints, data, exit_record;
  po::options_description described("dt-sweep [options] CONFIG.toml");
  described.add_options()("help,h", "show this help")("output", po::value(&output),
                                                      "output directory (overrides [sweep].output; also DT_OUTPUT)")(
      "checkpoints-root", po::value(&checkpoints), "overrides [sweep].checkpoints_root (also DT_CHECKPOINTS_ROOT)")(
      "data-root", po::value(&data), "overrides [sweep].data_root (also DT_DATA_ROOT)")(
      "threads", po::value(&options.threads)->default_value(0),
      "LibTorch threads per rank (0 = cores / ranks on the node)")(
      "progress", po::value(&options.progress)->default_value(options.progress),
      "auto (one live line on a terminal, else lines), live or lines")(
      "progress-every", po::value(&options.progress_seconds)->default_value(-1, "auto"),
      "when stdout is not a terminal, at most one progress line every N seconds (auto: every cell up to 100 cells, "
      "else 10 s); on a terminal one live line is redrawn instead")(
      "check", po::bool_switch(&check),
      "preflight, run nothing and write nothing: list every problem with the models, task cards and data files "
      "(one line each), then the grid's size, tokens, useful FLOPs per model and what is already complete; exit "
      "status 0 when there is no problem, else 2")("dry-run", po::bool_switch(&dry_run), "the same as --check")(
      "retry-failed", po::bool_switch(&options.retry_failed),
      "run the cells quarantined because their worker died while running them ([sweep] quarantine_after times) "
      "again")("exit-record", po::value(&exit_record),
               "write {\"exit\": STATUS, \"reason\": ...} to this file as soon as rank 0 decides how the run ends "
               "(75 the moment a preemption signal arrives), for launcher wrappers: mpirun exits 1 when it is itself "
               "sent SIGTERM")("config", po::value(&config), "sweep configuration");
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  if (const auto status =
          dt::parse_command_line({"dt-sweep", described, &positional, "config", mpi.rank() != 0}, argc, argv, vm))
    return *status;
  auto from_env = [](std::string& value, const char* name) {
    if (const char* env = std::getenv(name); value.empty() && env != nullptr) value = env;
  };
  from_env(output, "DT_OUTPUT");
  from_env(checkpoints, "DT_CHECKPOINTS_ROOT");
  from_env(data, "DT_DATA_ROOT");
  options.config = config;
  options.exit_record = exit_record;
  if (options.progress != "auto" && options.progress != "live" && options.progress != "lines") {
    if (mpi.rank() == 0)
      std::cerr << "dt-sweep: error: --progress: '" << options.progress << "' is not auto, live or lines\n";
    return 2;
  }
  options.overrides = {output, checkpoints, data};
  if (check || dry_run) {
    if (mpi.rank() != 0) return 0;
    const auto report = dt::run_preflight(options.config, options.overrides);
    std::fputs(dt::format_preflight(report).c_str(), stdout);
    return report.problems.empty() ? 0 : 2;
  }
  return dt::run_sweep(mpi, options);
}
