// Fuzz target: the `data.pkl` of a torch.save archive, read by the restricted unpickler (read_state_dict_pickle)
// from memory. Contract: it returns a description of tensors or throws dt::Error; it never runs anything.
#include "dt/io/state_dict_pickle.h"

#include "fuzz_target.h"

DT_FUZZ_TARGET(state_dict_pickle) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(input.data()), input.size());
  dt::fuzz::expect_dt_error_or_success([&] { dt::read_state_dict_pickle(bytes, "fuzz: data.pkl"); });
}
