// Fuzz target: a sharded checkpoint's index (`model.safetensors.index.json`, and the same bytes as
// `pytorch_model.bin.index.json`) in a directory holding two shard files, resolved by find_weight_files.
// Contract: it resolves to files inside the directory or throws dt::Error.
#include <stdexcept>

#include "dt/io/weight_files.h"
#include "fuzz_scratch.h"

namespace {

void resolve(const std::string& dir_name, const std::string& index_name, const std::string& shard_prefix,
             const std::string& shard_suffix, dt::fuzz::Input input) {
  const auto dir = dt::fuzz::scratch_dir(dir_name);
  dt::fuzz::write_file(dir / index_name, dt::fuzz::as_text(input));
  for (const char* n : {"00001", "00002"})
    dt::fuzz::write_file(dir / (shard_prefix + n + "-of-00002" + shard_suffix), "");
  dt::fuzz::expect_dt_error_or_success([&] {
    const auto found = dt::find_weight_files(dir);
    for (const auto& file : found.files)
      if (file.parent_path() != dir) throw std::logic_error("a weight file outside the checkpoint directory");
  });
}

}  // namespace

DT_FUZZ_TARGET(weight_map) {
  resolve("safetensors-index", "model.safetensors.index.json", "model-", ".safetensors", input);
  resolve("bin-index", "pytorch_model.bin.index.json", "pytorch_model-", ".bin", input);
}
