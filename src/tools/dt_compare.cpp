// dt-compare [--rtol X] DIR_A DIR_B: are two result directories the same results? Prints the first differences and
// a summary; exit status 0 when identical (within --rtol), 1 when not, 2 on a usage error.
#include <iostream>
#include <string>

#include "dt/results/results_compare.h"

int main(int argc, char** argv) {
  double rtol = 0.0;
  int first = 1;
  if (argc == 5 && std::string(argv[1]) == "--rtol") {
    try {
      rtol = std::stod(argv[2]);
    } catch (const std::exception&) {
      std::cerr << "dt-compare: error: --rtol needs a number\n";
      return 2;
    }
    first = 3;
  }
  if (argc - first != 2) {
    std::cerr << "usage: dt-compare [--rtol X] RESULTS_DIR_A RESULTS_DIR_B\n";
    return 2;
  }
  const auto comparison = dt::compare_results(argv[first], argv[first + 1], rtol);
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < comparison.differences.size() && i < kShown; ++i)
    std::cout << comparison.differences[i] << "\n";
  if (comparison.differences.size() > kShown) std::cout << "...\n";
  std::cout << comparison.files_compared << " cell files compared, " << comparison.differences.size()
            << " differences\n";
  return comparison.differences.empty() ? 0 : 1;
}
