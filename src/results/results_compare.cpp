// compare_results: file sets, keys and datasets of two result directories.
#include "dt/results/results_compare.h"

#include <cmath>
#include <cstring>
#include <set>

#include "dt/config/think_stats.h"
#include "dt/results/cell_file.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/atomic_output.h"

namespace dt {
namespace {

std::set<std::string> cell_files(const std::filesystem::path& root, std::vector<std::string>& problems,
                                 std::vector<std::string>& errors) {
  std::set<std::string> files;
  const auto cells = root / "cells";
  std::error_code ec;
  if (!std::filesystem::exists(root, ec)) {
    errors.push_back(root.string() + ": no such directory");
    return files;
  }
  if (!std::filesystem::is_directory(cells, ec)) {
    errors.push_back(root.string() + ": not a results directory (no cells/)");
    return files;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cells)) {
    if (!entry.is_regular_file()) continue;
    const auto relative = std::filesystem::relative(entry.path(), root).string();
    if (is_temporary_output_name(entry.path().filename().string()))
      problems.push_back(root.string() + ": temporary file left behind: " + relative);
    else if (entry.path().extension() == ".h5")
      files.insert(relative);
    else
      problems.push_back(root.string() + ": unexpected file " + relative);
  }
  return files;
}

bool same_bits(double x, double y) { return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0; }

bool close_enough(double x, double y, double rtol) {
  return same_bits(x, y) || std::fabs(x - y) <= rtol * std::max(std::fabs(x), std::fabs(y));
}

bool exact_dataset(const std::string& name) {
  return name.rfind("/predictions/", 0) == 0 || name.rfind("/queries/", 0) == 0 || name == "/steps" ||
         name == "/think/step";
}

}  // namespace

const std::vector<std::string>& cell_file_datasets() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = {"/steps",
                                    "/queries/eval_row",
                                    "/queries/answer",
                                    "/queries/num_choices",
                                    "/queries/choice_tokens",
                                    "/scores/lm_log_p",
                                    "/scores/norm_lm_log_p",
                                    "/scores/first_token_log_p",
                                    "/predictions/lm_log_p",
                                    "/predictions/norm_lm_log_p",
                                    "/accuracy/lm_log_p",
                                    "/accuracy/norm_lm_log_p",
                                    "/think/step"};
    for (const auto& field : think_stat_fields()) out.push_back(std::string("/think/") + field.name);
    return out;
  }();
  return names;
}

ResultsComparison compare_results(const std::filesystem::path& a, const std::filesystem::path& b, double rtol) {
  ResultsComparison out;
  const auto files_a = cell_files(a, out.differences, out.errors);
  const auto files_b = cell_files(b, out.differences, out.errors);
  for (const auto& [root, files] : {std::pair{&a, &files_a}, std::pair{&b, &files_b}})
    for (const auto& f : *files) {
      const auto check = check_cell_file(*root / f);
      if (!check.trusted()) out.errors.push_back((*root / f).string() + ": " + check.problem);
    }
  if (!out.errors.empty()) return out;
  for (const auto& f : files_a)
    if (!files_b.count(f)) out.differences.push_back("only in " + a.string() + ": " + f);
  for (const auto& f : files_b)
    if (!files_a.count(f)) out.differences.push_back("only in " + b.string() + ": " + f);
  for (const auto& f : files_a) {
    if (!files_b.count(f)) continue;
    ++out.files_compared;
    try {
      const auto ha = Hdf5File::open_read(a / f), hb = Hdf5File::open_read(b / f);
      if (ha.string_attribute("/", "key") != hb.string_attribute("/", "key"))
        out.differences.push_back(f + ": keys differ");
      for (const auto& name : cell_file_datasets()) {
        const auto da = ha.read_double(name), db = hb.read_double(name);
        if (da.dims != db.dims) {
          out.differences.push_back(f + ": " + name + " shapes differ");
          continue;
        }
        for (std::size_t i = 0; i < da.values.size(); ++i) {
          const bool equal = exact_dataset(name) ? same_bits(da.values[i], db.values[i])
                                                 : close_enough(da.values[i], db.values[i], rtol);
          if (!equal) {
            out.differences.push_back(f + ": " + name + " differs at flat index " + std::to_string(i));
            break;
          }
        }
      }
    } catch (const std::exception& e) {
      out.differences.push_back(f + ": " + e.what());
    }
  }
  return out;
}

}  // namespace dt
