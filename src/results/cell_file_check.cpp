// check_cell_file / set_aside_file (see cell_file_check.h): the seal on the raw bytes, then format and checksum.
#include "dt/results/cell_file_check.h"

#include <chrono>

#include "dt/results/cell_checksum.h"
#include "dt/results/cell_seal.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {

CellFileCheck check_cell_file(const std::filesystem::path& path) {
  CellFileCheck check;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return check;
  auto problem = [&](CellFileState state, const std::string& what) {
    check.state = state;
    check.problem = what;
    return check;
  };
  if (!std::filesystem::is_regular_file(path, ec)) return problem(CellFileState::Damaged, "not a regular file");
  const auto seal = check_cell_seal(path);
  if (seal.state == SealState::Unsealed)
    return problem(
        CellFileState::Unsealed,
        "written by an older dt that did not seal its cell files; run dt-seal on it once to check and seal it "
        "(nothing is recomputed)");
  if (seal.state == SealState::Broken) return problem(CellFileState::Damaged, seal.problem);
  try {
    const auto h5 = Hdf5File::open_read(path);
    const auto format = h5.string_attribute("/", "format");
    if (!format) return problem(CellFileState::Damaged, "not a dt cell file (no format attribute)");
    if (*format != kCellFileFormat) {
      if (format->rfind("dt-cell/", 0) == 0)
        return problem(CellFileState::OtherVersion,
                       "format " + *format + ", this dt reads " + std::string(kCellFileFormat));
      return problem(CellFileState::Damaged, "not a dt cell file (format " + quote_text(*format) + ")");
    }
    const auto stored = h5.string_attribute("/", kChecksumAttribute);
    if (!stored) return problem(CellFileState::Damaged, "sealed but has no checksum attribute");
    const auto actual = cell_checksum(h5);
    if (*stored != actual)
      return problem(CellFileState::Damaged, "checksum mismatch: the file changed after dt wrote it (stored " +
                                                 stored->substr(0, 19) + "..., contents " + actual.substr(0, 19) +
                                                 "...)");
    check.state = CellFileState::Verified;
    check.key = h5.string_attribute("/", "key").value_or("");
    return check;
  } catch (const Error& e) {
    std::string what = e.what();
    const auto prefix = path.string() + ": ";
    if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
    return problem(CellFileState::Damaged, "unreadable (" + what + ")");
  }
}

std::filesystem::path set_aside_file(const std::filesystem::path& file, const std::filesystem::path& into) {
  const auto stamp =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::error_code ec;
  std::filesystem::create_directories(into, ec);
  if (ec) fail(into.string(), "cannot create directory: " + ec.message());
  auto target = into / (file.filename().string() + "." + std::to_string(stamp));
  for (int n = 1; std::filesystem::exists(target); ++n)
    target = into / (file.filename().string() + "." + std::to_string(stamp) + "." + std::to_string(n));
  std::filesystem::rename(file, target, ec);
  if (ec) fail(file.string(), "cannot move it aside to " + target.string() + ": " + ec.message());
  return target;
}

}  // namespace dt
