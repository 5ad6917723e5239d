// Comparison of two result directories, cell file by cell file: the same set of complete cell files, the same
// key in each, and every dataset bit-identical (NaN equals NaN). Every file is verified first (its checksum). Temporary
// files anywhere under cells/ count as a difference (a run left something half-written). Used by the resume tests and
// by users checking a rerun.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dt {

struct ResultsComparison {
  std::size_t files_compared = 0;
  std::vector<std::string> differences;  // one line each; empty = identical
  // Why the directories could not be compared (not a results directory, a cell file that fails verification or
  // is of another format version): one line each; non-empty = no verdict.
  std::vector<std::string> errors;
};

// `rtol` = 0: bit-identical. Otherwise values may differ by rtol * max(|a|, |b|) (runs on other hardware or
// thread counts differ in the last bits); predictions, answers and shapes must still match exactly.
ResultsComparison compare_results(const std::filesystem::path& a, const std::filesystem::path& b, double rtol = 0.0);

// The datasets of a dt-cell/1 file (relative paths inside the file).
const std::vector<std::string>& cell_file_datasets();

}  // namespace dt
