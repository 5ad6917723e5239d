// The `data.pkl` of a torch.save archive that holds a state dict, read by a restricted unpickler: it knows the
// opcodes of pickle protocols 2-5 that state dicts use and exactly these globals: collections.OrderedDict,
// torch._utils._rebuild_tensor(_v2), torch._utils._rebuild_parameter and the typed storage classes
// (torch.FloatStorage, torch.HalfStorage, torch.BFloat16Storage, ...). Nothing is ever called or imported: any
// other global, opcode or shape of data is a dt::Error naming the file and the offending item, so a pickle that
// would run code in Python is refused rather than interpreted. The result is a description of the tensors (storage
// key, dtype, offset, shape, strides); the caller binds it to the archive's records. No LibTorch here.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "dt/io/safetensors.h"

namespace dt {

struct PickledStorage {
  StDType dtype;
  std::int64_t numel = 0;
};

struct PickledTensor {
  std::string name;
  std::string storage_key;  // the record `data/<key>` of the archive
  std::int64_t storage_offset = 0;
  std::vector<std::int64_t> shape, strides;
};

struct PickledStateDict {
  std::vector<PickledTensor> tensors;  // in the pickle's order
  std::map<std::string, PickledStorage> storages;
};

// `where` names the file in error messages.
PickledStateDict read_state_dict_pickle(std::span<const std::byte> pickle, const std::string& where);

}  // namespace dt
