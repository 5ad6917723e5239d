// install_crash_report: see dt/util/crash_report.h.
#include "dt/util/crash_report.h"

#include <execinfo.h>
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace dt {
namespace {

const char* crashed_tool = "dt";

void write_text(const char* text) {
  const auto n = std::strlen(text);
  if (write(STDERR_FILENO, text, n) < 0) return;
}

// Formats `value` in base 10 or 16 into `out` (at least 24 bytes) without the C library.
const char* number(std::uintptr_t value, unsigned base, char* out) {
  char* p = out + 23;
  *p = '\0';
  do {
    *--p = "0123456789abcdef"[value % base];
    value /= base;
  } while (value != 0);
  return p;
}

void on_fatal_signal(int signal, siginfo_t* info, void*) {
  char digits[24], address[24];
  write_text(crashed_tool);
  write_text(": fatal signal ");
  write_text(number(static_cast<std::uintptr_t>(signal), 10, digits));
  write_text(" (");
  write_text(sigdescr_np(signal) != nullptr ? sigdescr_np(signal) : "unknown");
  write_text(") at address 0x");
  write_text(number(reinterpret_cast<std::uintptr_t>(info != nullptr ? info->si_addr : nullptr), 16, address));
  write_text("; backtrace:\n");
  void* frames[64];
  backtrace_symbols_fd(frames, backtrace(frames, 64), STDERR_FILENO);
  // SA_RESETHAND restored the default action: returning re-executes the faulting instruction (SIGSEGV, SIGBUS,
  // SIGILL, SIGFPE), which now kills the process with this signal; a raised one (SIGABRT) is raised again.
  if (info == nullptr || info->si_code <= 0) raise(signal);
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

void install_crash_report(const char* tool) {
  if (kSanitized) return;
  crashed_tool = tool;
  void* warm_up[1];
  backtrace(warm_up, 1);  // loads the unwinder now: dlopen inside a signal handler is not safe
  static std::vector<char> stack(1 << 16);
  stack_t alternate{};
  alternate.ss_sp = stack.data();
  alternate.ss_size = stack.size();
  sigaltstack(&alternate, nullptr);
  struct sigaction action {};
  action.sa_sigaction = on_fatal_signal;
  action.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) sigaction(signal, &action, nullptr);
}

}  // namespace dt
