// Fuzz target: a whole `pytorch_model.bin` (zip + pickle + storage records) opened by TorchCheckpointFile, every
// storage verified. Contract: it opens or throws dt::Error; every accepted tensor's view lies inside its storage.
#include "dt/io/torch_checkpoint_file.h"
#include "fuzz_scratch.h"

DT_FUZZ_TARGET(torch_checkpoint) {
  const auto path = dt::fuzz::scratch_dir("torch-bin") / "pytorch_model.bin";
  dt::fuzz::write_file(path, dt::fuzz::as_text(input));
  dt::fuzz::expect_dt_error_or_success([&] {
    const dt::TorchCheckpointFile file(path);
    for (const auto& tensor : file.tensors()) {
      dt::fuzz::expect_dt_error_or_success([&] { file.verify_storage(tensor); });
      dt::fuzz::touch(tensor.storage);
    }
  });
}
