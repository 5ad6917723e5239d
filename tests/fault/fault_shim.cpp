// fault_shim: an LD_PRELOAD library that gives dt's fault tests the faults of a real cluster without root, loop
// devices or a filesystem to fill. It wraps write, pwrite, pwrite64 and writev; a call on a file descriptor whose
// path (from /proc/self/fd) lies under DT_FAULT_DIR and contains DT_FAULT_MATCH (any, when unset) is subject to:
//   DT_FAULT_FULL_BYTES=N   a full disk: this process's matching writes succeed for N bytes in all (the last one
//                           partially, as a filling disk does), then fail with ENOSPC;
//   DT_FAULT_KILL=1         the process kills itself with SIGKILL at its first matching write (a cell that crashes
//                           its worker, at the same point every time).
// Everything else goes to libc untouched. Test-only: built by tests/CMakeLists.txt, never linked into dt.
#include <dlfcn.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

long long budget_left = -1;  // -1: no full-disk fault
bool configured = false;

void configure() {
  if (configured) return;
  configured = true;
  const char* bytes = getenv("DT_FAULT_FULL_BYTES");
  if (bytes != nullptr) budget_left = atoll(bytes);
}

bool matches(int fd) {
  const char* dir = getenv("DT_FAULT_DIR");
  if (dir == nullptr || fd < 0) return false;
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  if (strncmp(path, dir, strlen(dir)) != 0) return false;
  const char* match = getenv("DT_FAULT_MATCH");
  return match == nullptr || strstr(path, match) != nullptr;
}

// How many of `count` bytes may be written now; -1 (errno ENOSPC) when none.
ssize_t allowed(int fd, size_t count) {
  configure();
  if (!matches(fd)) return static_cast<ssize_t>(count);
  if (getenv("DT_FAULT_KILL") != nullptr) raise(SIGKILL);
  if (budget_left < 0) return static_cast<ssize_t>(count);
  if (budget_left == 0 && count > 0) {
    errno = ENOSPC;
    return -1;
  }
  const auto granted = static_cast<long long>(count) < budget_left ? count : static_cast<size_t>(budget_left);
  budget_left -= static_cast<long long>(granted);
  return static_cast<ssize_t>(granted);
}

template <typename F>
F next_symbol(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t count) {
  static const auto real = next_symbol<ssize_t (*)(int, const void*, size_t)>("write");
  const ssize_t n = allowed(fd, count);
  return n < 0 ? -1 : real(fd, buf, static_cast<size_t>(n));
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static const auto real = next_symbol<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  const ssize_t n = allowed(fd, count);
  return n < 0 ? -1 : real(fd, buf, static_cast<size_t>(n), offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off_t offset) {
  static const auto real = next_symbol<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite64");
  const ssize_t n = allowed(fd, count);
  return n < 0 ? -1 : real(fd, buf, static_cast<size_t>(n), offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  static const auto real = next_symbol<ssize_t (*)(int, const struct iovec*, int)>("writev");
  size_t total = 0;
  for (int i = 0; i < iovcnt; ++i) total += iov[i].iov_len;
  const ssize_t n = allowed(fd, total);
  if (n < 0) return -1;
  if (static_cast<size_t>(n) == total) return real(fd, iov, iovcnt);
  // a partial grant: write what fits of the first buffers
  ssize_t written = 0;
  for (int i = 0; i < iovcnt && written < n; ++i) {
    const auto room = static_cast<size_t>(n - written);
    const iovec part{iov[i].iov_base, iov[i].iov_len < room ? iov[i].iov_len : room};
    const ssize_t w = real(fd, &part, 1);
    if (w < 0) return written > 0 ? written : -1;
    written += w;
  }
  return written;
}

}  // extern "C"
