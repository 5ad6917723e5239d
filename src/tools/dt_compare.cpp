// dt-compare [--rtol X] DIR_A DIR_B: are two result directories the same results? Prints the first differences and
// a summary. Exit status 0: identical (within --rtol); 1: they differ; 2: no verdict (a usage error, a directory
// that is missing or not a results directory, a cell file that fails verification), with one error line.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "command_line.h"
#include "dt/results/results_compare.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  double rtol = 0.0;
  std::vector<std::string> dirs;
  po::options_description options(
      "dt-compare [--rtol X] RESULTS_DIR_A RESULTS_DIR_B\n"
      "Exit status: 0 the same results (within --rtol), 1 they differ, 2 no verdict (usage error, a directory that is "
      "missing or not a results directory, a cell file that fails verification)");
  options.add_options()("help,h", "show this help")(
      "rtol", po::value(&rtol)->default_value(0.0),
      "relative tolerance of scores and statistics (0: bit for bit); predictions and shapes must match exactly")(
      "dirs", po::value(&dirs)->multitoken(), "the two results directories");
  po::positional_options_description positional;
  positional.add("dirs", 2);
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-compare", options, &positional, "dirs"}, argc, argv, vm))
    return *status;
  if (dirs.size() != 2) {
    std::cerr << "dt-compare: error: give two results directories\n";
    return 2;
  }
  if (!(rtol >= 0)) {
    std::cerr << "dt-compare: error: --rtol must be >= 0\n";
    return 2;
  }
  const auto comparison = dt::compare_results(dirs[0], dirs[1], rtol);
  if (!comparison.errors.empty()) {
    std::cerr << "dt-compare: error: " << comparison.errors.front();
    if (comparison.errors.size() > 1) std::cerr << " (and " << comparison.errors.size() - 1 << " more)";
    std::cerr << "\n";
    return 2;
  }
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < comparison.differences.size() && i < kShown; ++i)
    std::cout << comparison.differences[i] << "\n";
  if (comparison.differences.size() > kShown) std::cout << "...\n";
  std::cout << comparison.files_compared << " cell files compared, " << comparison.differences.size()
            << " differences\n";
  return comparison.differences.empty() ? 0 : 1;
}
