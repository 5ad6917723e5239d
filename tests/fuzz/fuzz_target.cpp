// The registry of fuzz target bodies (see fuzz_target.h).
#include "fuzz_target.h"

#include "dt/util/error.h"

namespace dt::fuzz {

std::map<std::string, TargetBody>& targets() {
  static std::map<std::string, TargetBody> registry;
  return registry;
}

bool register_target(const std::string& name, TargetBody body) {
  targets().emplace(name, body);
  return true;
}

void expect_dt_error_or_success(const std::function<void()>& step) {
  try {
    step();
  } catch (const Error&) {
  }
}

volatile std::byte touched;

void touch(std::span<const std::byte> bytes) {
  if (bytes.empty()) return;
  touched = bytes.front();
  touched = bytes.back();
}

}  // namespace dt::fuzz
