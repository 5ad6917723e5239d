// DT_FUZZ_TARGET(name) { ... }: one fuzz target's body over `input` (the bytes libFuzzer generates). Its contract,
// which every target states at its top: any input either parses or ends in a dt::Error; anything else (a crash, a
// sanitizer report, another exception type, a leak, a hang) is a bug in the parser. The body is registered by name
// so that the same file builds both a libFuzzer binary (fuzz_main.cpp) and the ordinary ctest replay of the saved
// regression inputs (fuzz_replay.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>

namespace dt::fuzz {

using Input = std::span<const std::uint8_t>;
using TargetBody = void (*)(Input input);

std::map<std::string, TargetBody>& targets();
bool register_target(const std::string& name, TargetBody body);

// Runs `step` and swallows a dt::Error, so that one target can try several readers on the same input.
void expect_dt_error_or_success(const std::function<void()>& step);

// Reads the first and last byte of a span a parser handed out, so that AddressSanitizer sees a span that points
// outside its buffer.
extern volatile std::byte touched;
void touch(std::span<const std::byte> bytes);

}  // namespace dt::fuzz

#define DT_FUZZ_TARGET(name)                                     \
  static void dt_fuzz_body_##name(dt::fuzz::Input input);        \
  [[maybe_unused]] static const bool dt_fuzz_registered_##name = \
      dt::fuzz::register_target(#name, dt_fuzz_body_##name);     \
  static void dt_fuzz_body_##name(dt::fuzz::Input input)
