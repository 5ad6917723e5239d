// Fuzz target: a zip archive (the container of torch.save's `.bin`) opened by ZipArchive from memory, every entry's
// CRC-32 verified. Contract: it opens or throws dt::Error, and every accepted entry's data lies inside the input.
#include "dt/io/zip_archive.h"

#include <stdexcept>

#include "fuzz_target.h"

DT_FUZZ_TARGET(zip_archive) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(input.data()), input.size());
  dt::fuzz::expect_dt_error_or_success([&] {
    const dt::ZipArchive archive(bytes, "fuzz.zip");
    for (const auto& entry : archive.entries()) {
      if (!entry.data.empty() &&
          (entry.data.data() < bytes.data() || entry.data.data() + entry.data.size() > bytes.data() + bytes.size()))
        throw std::logic_error("an entry's data outside the archive");
      dt::fuzz::touch(entry.data);
      archive.find(entry.name);
      dt::fuzz::expect_dt_error_or_success([&] { archive.verify(entry); });
    }
  });
}
