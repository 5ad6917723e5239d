#!/usr/bin/env bash
# scripts/build-cuda.sh (dt against Debian 13's CUDA LibTorch, then the test suite) on a fresh Debian 13 chroot holding
# HEAD, from any Debian host with root. Not part of CI: it downloads about 2.4 GB, kept for the next run in a cache of
# its own (DT_CHROOT_CACHE, default /var/cache/dt-cuda) so that CI's stays small. Exit status: the build's and tests'.
set -euo pipefail
cd "$(dirname "$0")/.."
export DT_CHROOT_CACHE=${DT_CHROOT_CACHE:-/var/cache/dt-cuda}
exec scripts/debian-chroot.sh trixie 'bash scripts/build-cuda.sh'
