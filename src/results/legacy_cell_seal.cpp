// seal_legacy_cell_file (see legacy_cell_seal.h).
#include "dt/results/legacy_cell_seal.h"

#include <fstream>
#include <vector>

#include "dt/results/cell_checksum.h"
#include "dt/results/cell_file_check.h"
#include "dt/results/cell_seal.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

LegacySealResult refused(std::string problem) { return {LegacySealOutcome::Refused, std::move(problem)}; }

// `to` gets kCellSealBytes zero bytes, then every byte of `from`.
void copy_behind_user_block(const std::filesystem::path& from, const std::filesystem::path& to,
                            const std::filesystem::path& shown_as) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!in) fail(from.string(), "cannot be opened for reading");
  if (!out) fail(shown_as.string(), "cannot write a sealed copy beside it");
  const std::vector<char> zeros(kCellSealBytes, '\0');
  out.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  out << in.rdbuf();
  out.flush();
  if (!out) fail(shown_as.string(), "write error while copying it to seal it");
}

}  // namespace

LegacySealResult seal_legacy_cell_file(const std::filesystem::path& path) {
  const auto seal = check_cell_seal(path);
  if (seal.state == SealState::Sealed) return {LegacySealOutcome::AlreadySealed, ""};
  if (seal.state == SealState::Broken) return refused(seal.problem);
  AtomicOutput out(path);
  copy_behind_user_block(path, out.temp_path(), path);
  bool checksum_added = false;
  try {
    auto h5 = Hdf5File::open_read_write(out.temp_path(), path);
    const auto format = h5.string_attribute("/", "format");
    if (format != std::string(kCellFileFormat))
      return refused("not a " + std::string(kCellFileFormat) + " file (format " +
                     (format ? quote_text(*format) : std::string("attribute missing")) + ")");
    const auto actual = cell_checksum(h5);
    const auto stored = h5.string_attribute("/", kChecksumAttribute);
    if (stored && *stored != actual)
      return refused("checksum mismatch: the file changed after dt wrote it (stored " + stored->substr(0, 19) +
                     "..., contents " + actual.substr(0, 19) + "...)");
    if (!stored) {
      h5.set_attribute("/", kChecksumAttribute, actual);
      checksum_added = true;
    }
    h5.close();
  } catch (const Error& e) {
    std::string what = e.what();
    const auto prefix = path.string() + ": ";
    if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
    return refused("unreadable (" + what + ")");
  }
  write_cell_seal(out.temp_path(), path);
  out.commit();
  return {checksum_added ? LegacySealOutcome::SealedChecksumAdded : LegacySealOutcome::Sealed, ""};
}

}  // namespace dt
