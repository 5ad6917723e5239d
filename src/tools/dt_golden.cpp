// dt-golden DIR...: checks dt against golden fixtures: model fixtures (../shared/golden/<arch>/, cases.json) and
// end-to-end cells (../shared/golden/cells/<cell>/, cell.json). One line per fixture,
// PASS or FAIL with the worst deviation and its field; the last line is exactly "N passed, M failed"; exit status
// 1 when any fixture failed, 2 on a usage error. --device / --dtype run the fixtures on a GPU or in reduced precision
// (the tolerances of each are stated in include/dt/golden/golden_precision.h and printed first); --weights int8 and
// --attention fused run them with int8 linear weights or LibTorch's fused attention (execution_options.h).
#include <boost/program_options.hpp>
#include <iostream>

#include "command_line.h"
#include "dt/golden/golden_fixture.h"
#include "dt/model/device.h"
#include "dt/model/registry.h"
#include "dt/model/threads.h"
#include "dt/util/blas_setup.h"
#include "dt/util/crash_report.h"
#include "dt/util/error.h"
#include "dt/util/install_layout.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  dt::ensure_fast_blas(argc, argv);
  dt::install_crash_report("dt-golden");
  std::vector<std::string> dirs;
  int threads = 0;
  std::string jobs = (dt::share_dir() / "jobs").string(), device = "cpu", dtype = "float32", weights = "native",
              attention = "auto";
  po::options_description options("dt-golden [options] FIXTURE_DIR...");
  options.add_options()("help,h", "show this help")("threads", po::value<int>(&threads),
                                                    "LibTorch threads (default: all cores)")(
      "jobs", po::value<std::string>(&jobs)->default_value(jobs), "task cards for cell fixtures")(
      "device", po::value<std::string>(&device)->default_value(device), "cpu, cuda or cuda:N")(
      "dtype", po::value<std::string>(&dtype)->default_value(dtype), "compute dtype: float32, bfloat16 or float16")(
      "weights", po::value<std::string>(&weights)->default_value(weights), "linear weights: native or int8")(
      "attention", po::value<std::string>(&attention)->default_value(attention), "auto, matmul or fused")(
      "fixture", po::value<std::vector<std::string>>(&dirs), "fixture directories");
  po::positional_options_description positional;
  positional.add("fixture", -1);
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-golden", options, &positional, "fixture"}, argc, argv, vm))
    return *status;
  dt::configure_threads(threads);
  dt::GoldenPrecision precision;
  try {
    const auto on = dt::parse_device_name(device, "--device");
    const auto kernel = dt::parse_attention_kernel(attention, "--attention");
    (void)dt::resolve_attention_kernel(kernel, on, "--attention");
    precision = dt::GoldenPrecision::of(on, dt::parse_dtype_name(dtype, "--dtype"),
                                        dt::parse_weight_precision(weights, "--weights"), kernel);
  } catch (const dt::Error& e) {
    std::cerr << "dt-golden: error: " << dt::error_line(e) << "\n";
    return 2;
  }
  if (device != "cpu" || dtype != "float32" || weights != "native" || attention != "auto")
    std::cout << "precision: " << precision.describe() << "\n";
  int passed = 0, failed = 0, not_run = 0;
  for (const auto& dir : dirs) {
    const auto outcome = dt::check_golden_fixture(dir, jobs, precision);
    if (!outcome.could_not_run.empty()) {
      ++not_run;
      std::cout << "ERROR " << outcome.name << ": could not run: " << outcome.could_not_run << std::endl;
    } else if (outcome.passed) {
      ++passed;
      std::cout << "PASS " << outcome.name << " (" << outcome.checked << " values; " << outcome.detail << ")"
                << std::endl;
    } else {
      ++failed;
      std::cout << "FAIL " << outcome.name << " (" << outcome.failed << " of " << outcome.checked << " checks failed; "
                << outcome.detail << ")" << std::endl;
    }
  }
  std::cout << passed << " passed, " << failed << " failed";
  if (not_run > 0) std::cout << ", " << not_run << " could not run";
  std::cout << std::endl;
  return failed == 0 && not_run == 0 ? 0 : 1;
}
