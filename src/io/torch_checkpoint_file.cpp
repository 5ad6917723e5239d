// torch.save zip archives: `<archive>/data.pkl` (the pickled state dict), `<archive>/data/<key>` (one record per
// storage), `<archive>/version`, and from PyTorch 2.x on `<archive>/byteorder` and `.data/serialization_id`.
#include "dt/io/torch_checkpoint_file.h"

#include <algorithm>

#include "dt/io/state_dict_pickle.h"
#include "dt/io/zip_archive.h"
#include "dt/util/error.h"

namespace dt {
namespace {

constexpr std::size_t kMaxPickleBytes = 256u << 20;

std::string convert_hint(const std::string& file) {
  return "convert it once with Python: import torch; torch.save(torch.load('" + file + "', map_location='cpu'), '" +
         file + "')";
}

// The single top-level folder that holds data.pkl ("archive/", or the file's stem for older writers).
std::string archive_prefix(const ZipArchive& archive, const std::string& where) {
  std::string prefix;
  int found = 0;
  bool torchscript = false;
  for (const auto& entry : archive.entries()) {
    const auto slash = entry.name.find('/');
    if (slash == std::string::npos) continue;
    const auto rest = std::string_view(entry.name).substr(slash + 1);
    if (rest == "data.pkl") {
      prefix = entry.name.substr(0, slash + 1);
      ++found;
    }
    if (rest == "constants.pkl" || rest.starts_with("code/")) torchscript = true;
  }
  if (torchscript) fail(where, "is a TorchScript archive (torch.jit.save), not a state dict saved with torch.save");
  if (found != 1)
    fail(where, found == 0 ? "zip archive without data.pkl: not a torch.save checkpoint"
                           : "zip archive with several data.pkl");
  return prefix;
}

}  // namespace

TorchCheckpointFile::TorchCheckpointFile(const std::filesystem::path& path) : file_(path) {
  const std::string where = path.string();
  const auto bytes = file_.bytes();
  if (!looks_like_zip(bytes)) {
    if (!bytes.empty() && bytes[0] == std::byte{0x80})
      fail(where, "is in the legacy (PyTorch < 1.6) torch.save format, which dt does not read; " + convert_hint(where));
    fail(where, bytes.empty() ? "is empty"
                              : "is not a PyTorch zip checkpoint (no zip signature; truncated or another format?)");
  }
  archive_ = std::make_unique<ZipArchive>(bytes, where);
  const std::string prefix = archive_prefix(*archive_, where);
  if (const auto* order = archive_->find(prefix + "byteorder")) {
    const std::string_view value(reinterpret_cast<const char*>(order->data.data()), order->data.size());
    if (value != "little")
      fail(where, "stores tensors in '" + std::string(value) + "' byte order; dt reads little-endian only");
  }
  const ZipEntry& pickle = *archive_->find(prefix + "data.pkl");
  if (pickle.data.size() > kMaxPickleBytes) fail(where, "data.pkl is larger than 256 MiB; not a state dict");
  archive_->verify(pickle);
  const PickledStateDict state = read_state_dict_pickle(pickle.data, where);

  std::map<std::string, std::size_t> record_of;
  for (const auto& [key, storage] : state.storages) {
    const std::string record = prefix + "data/" + key;
    const ZipEntry* entry = archive_->find(record);
    if (entry == nullptr) {
      if (storage.numel == 0) continue;
      fail(where, "storage record '" + record + "' is missing");
    }
    const auto need = static_cast<std::uint64_t>(storage.numel) * element_size(storage.dtype);
    if (storage.numel > 0 && need / static_cast<std::uint64_t>(storage.numel) != element_size(storage.dtype))
      fail(where + ": entry '" + record + "'", "storage size overflows");
    if (entry->data.size() != need)
      fail(where + ": entry '" + record + "'",
           "holds " + std::to_string(entry->data.size()) + " bytes but its storage needs " + std::to_string(need));
    record_of[key] = storages_.size();
    storages_.push_back(entry);
  }
  verified_.assign(storages_.size(), false);
  for (const auto& t : state.tensors) {
    const auto& storage = state.storages.at(t.storage_key);
    TorchTensor out{t.name, storage.dtype, t.shape, t.strides, t.storage_offset, {}, 0};
    if (auto it = record_of.find(t.storage_key); it != record_of.end()) {
      out.storage_index = it->second;
      out.storage = storages_[it->second]->data;
    }
    tensors_.push_back(std::move(out));
  }
  std::sort(tensors_.begin(), tensors_.end(),
            [](const TorchTensor& a, const TorchTensor& b) { return a.name < b.name; });
}

TorchCheckpointFile::~TorchCheckpointFile() = default;

void TorchCheckpointFile::verify_storage(const TorchTensor& tensor) const {
  if (tensor.storage.empty() || verified_[tensor.storage_index]) return;
  archive_->verify(*storages_[tensor.storage_index]);
  verified_[tensor.storage_index] = true;
}

}  // namespace dt
