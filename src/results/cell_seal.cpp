// check_cell_seal / write_cell_seal: the user-block digest of a cell file (see cell_seal.h).
#include "dt/results/cell_seal.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <string_view>
#include <vector>

#include "dt/util/error.h"
#include "dt/util/sha256.h"

namespace dt {
namespace {

constexpr std::string_view kSealPrefix = "dt-cell-seal/1 sha256:";
constexpr std::size_t kHexDigits = 64;
constexpr std::string_view kHdf5Signature{"\x89HDF\r\n\x1a\n", 8};

// SHA-256 of everything after the user block; false when the stream fails before its end.
bool digest_after_seal(std::ifstream& in, std::string& hex) {
  in.seekg(static_cast<std::streamoff>(kCellSealBytes));
  Sha256 hash;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (!in.eof()) return false;
  hex = hash.hex();
  return true;
}

// Whether two digests are equal, compared without early exit: neither the time taken nor a comparison a coverage-
// guided fuzzer can trace reveals the expected digest, so a fuzzer cannot forge seals (a forged seal is a deliberate
// edit: the hdf5_file fuzz target covers what libhdf5 then does).
bool same_digest(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return difference == 0;
}

}  // namespace

SealCheck check_cell_seal(const std::filesystem::path& path) {
  SealCheck check;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    check.problem = "cannot be opened for reading";
    return check;
  }
  std::array<char, kCellSealBytes> block{};
  in.read(block.data(), block.size());
  const std::string_view head(block.data(), static_cast<std::size_t>(in.gcount()));
  if (head.substr(0, kHdf5Signature.size()) == kHdf5Signature) {
    check.state = SealState::Unsealed;
    return check;
  }
  if (head.substr(0, kSealPrefix.size()) != kSealPrefix) {
    check.problem = "not a dt cell file (no dt-cell-seal header)";
    return check;
  }
  if (head.size() < kCellSealBytes) {
    check.problem = "truncated inside its seal block";
    return check;
  }
  const auto line_end = kSealPrefix.size() + kHexDigits;
  const std::string stored(head.substr(kSealPrefix.size(), kHexDigits));
  if (stored.find_first_not_of("0123456789abcdef") != std::string::npos || head[line_end] != '\n' ||
      head.find_first_not_of('\0', line_end + 1) != std::string_view::npos) {
    check.problem = "damaged seal block";
    return check;
  }
  in.clear();
  std::string actual;
  if (!digest_after_seal(in, actual)) {
    check.problem = "read error";
    return check;
  }
  if (!same_digest(actual, stored)) {
    check.problem = "seal mismatch: the file changed after dt wrote it";
    return check;
  }
  check.state = SealState::Sealed;
  return check;
}

namespace {

std::string seal_block(const std::string& hex) {
  std::string block(kCellSealBytes, '\0');
  const std::string line = std::string(kSealPrefix) + hex + "\n";
  std::copy(line.begin(), line.end(), block.begin());
  return block;
}

}  // namespace

void seal_image(std::string& image) {
  if (image.size() < kCellSealBytes) throw Error("internal: a cell image shorter than its seal block");
  Sha256 hash;
  hash.update(image.data() + kCellSealBytes, image.size() - kCellSealBytes);
  const auto block = seal_block(hash.hex());
  std::copy(block.begin(), block.end(), image.begin());
}

void write_cell_seal(const std::filesystem::path& path, const std::filesystem::path& shown_as) {
  std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
  if (!file) fail(shown_as.string(), "cannot open to seal it");
  std::ifstream in(path, std::ios::binary);
  std::string hex;
  if (!in || !digest_after_seal(in, hex)) fail(shown_as.string(), "read error while sealing it");
  const auto block = seal_block(hex);
  file.seekp(0);
  file.write(block.data(), block.size());
  file.flush();
  if (!file) fail(shown_as.string(), "write error while sealing it");
}

}  // namespace dt
