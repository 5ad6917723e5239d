// A crash that leaves a trace: install_crash_report(tool) makes a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
// SIGABRT) print one line naming the tool, the signal and the faulting address, then the native backtrace (glibc's
// backtrace_symbols_fd: each frame as library(+offset) [address], which addr2line resolves), on stderr. The default
// action then runs, so the process still dies of that signal (exit status 128 + signal for the shell, and the sweep's
// crash handling sees what it saw before). The handler runs on its own stack (a stack overflow is reported too) and
// calls only async-signal-safe functions after its first use has loaded libgcc's unwinder. Not installed in
// sanitizer builds, whose own reports are better.
#pragma once

namespace dt {

void install_crash_report(const char* tool);

}  // namespace dt
