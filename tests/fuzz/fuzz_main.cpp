// libFuzzer's entry point for a binary built from exactly one target file (see fuzz_target.h).
#include <cstddef>
#include <cstdint>

#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dt::fuzz::TargetBody body = dt::fuzz::targets().begin()->second;
  body(dt::fuzz::Input(data, size));
  return 0;
}
