// Fuzz target: a whole `model.safetensors` file (8-byte header length, JSON header, data section) opened by
// SafetensorsFile. Contract: it opens or throws dt::Error; every tensor it accepts has bytes inside the mapping.
#include <stdexcept>

#include "dt/io/safetensors.h"
#include "fuzz_scratch.h"

DT_FUZZ_TARGET(safetensors_header) {
  const auto path = dt::fuzz::scratch_dir("safetensors") / "model.safetensors";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    const dt::SafetensorsFile file(path);
    for (const auto& tensor : file.tensors()) {
      dt::fuzz::touch(tensor.bytes);
      if (file.find(tensor.name) != &tensor) throw std::logic_error("find() does not return the listed tensor");
    }
  });
}
