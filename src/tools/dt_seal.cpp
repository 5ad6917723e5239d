// dt-seal PATH...: seals the cell files an older dt wrote without a seal (results/legacy_cell_seal.h), so that
// dt-sweep, dt-run, dt-report and dt-compare trust them again without computing them anew. PATH is a cell file or a
// directory (every *.h5 under it, except temporaries and the set-aside corrupt/ and stale/ folders). One line per
// file sealed or refused, then a summary. Exit status 0: nothing refused; 1: some file refused (left as it was);
// 2: a usage error or a file that could not be written.
#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "command_line.h"
#include "dt/results/legacy_cell_seal.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> cell_files_under(const fs::path& root) {
  if (!fs::exists(root)) dt::fail(root.string(), "not found");
  if (!fs::is_directory(root)) return {root};
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const auto name = it->path().filename().string();
    if (it->is_directory() && (name == "corrupt" || name == "stale")) {
      it.disable_recursion_pending();
    } else if (it->is_regular_file() && it->path().extension() == ".h5" && !dt::is_temporary_output_name(name)) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  po::options_description options(
      "dt-seal PATH...\n"
      "Seals cell files written by a dt that did not seal them (PATH: a cell file or a results directory), after "
      "checking each one's format and checksum; nothing is recomputed.\n"
      "Exit status: 0 every file sealed or already sealed, 1 some file refused (left as it was), 2 usage or write "
      "error");
  options.add_options()("help,h", "show this help")("paths", po::value(&paths)->multitoken(), "files or directories");
  po::positional_options_description positional;
  positional.add("paths", -1);
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-seal", options, &positional, "paths"}, argc, argv, vm))
    return *status;
  std::size_t sealed = 0, checksum_added = 0, already = 0, refused = 0;
  try {
    for (const auto& root : paths)
      for (const auto& file : cell_files_under(root)) {
        const auto result = dt::seal_legacy_cell_file(file);
        switch (result.outcome) {
          case dt::LegacySealOutcome::AlreadySealed: ++already; break;
          case dt::LegacySealOutcome::SealedChecksumAdded:
            ++checksum_added;
            std::cout << "sealed " << file.string() << " (checksum computed now: it had none)\n";
            break;
          case dt::LegacySealOutcome::Sealed:
            ++sealed;
            std::cout << "sealed " << file.string() << "\n";
            break;
          case dt::LegacySealOutcome::Refused:
            ++refused;
            std::cerr << "dt-seal: refused " << file.string() << ": " << result.problem << "\n";
            break;
        }
      }
  } catch (const std::exception& e) {
    std::cerr << "dt-seal: error: " << dt::error_line(e) << "\n";
    return 2;
  }
  std::cout << "dt-seal: " << sealed + checksum_added << " sealed (" << checksum_added << " given a checksum first), "
            << already << " already sealed, " << refused << " refused\n";
  return refused > 0 ? 1 : 0;
}
