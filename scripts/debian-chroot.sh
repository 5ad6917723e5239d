#!/usr/bin/env bash
# Runs one command on a fresh minimal Debian SUITE (bookworm = 12, trixie = 13), as a clean machine would: a
# debootstrap --variant=minbase chroot from this host's mirror, holding the committed tree (git archive HEAD; CI runs
# on a clean clone, so that is exactly what CI tests) at /root/dt and ../shared at /root/shared. The command runs in
# /root/dt with `bash -lc`; its exit status is this script's. Needs root.
#   scripts/debian-chroot.sh SUITE 'COMMAND'
# Cache ($DT_CHROOT_CACHE/SUITE, default /var/cache/dt-ci/SUITE): base.tar (the debootstrap image), apt/ (downloaded
# .debs) and ccache/ (CCACHE_DIR inside); anything missing is recreated, so a fresh machine works and a second run is
# faster. The chroot lives in its own mount and PID namespaces: its mounts (/proc, /dev/shm, the caches) and every
# process it leaves behind end with the command, and its files are removed on exit, whatever the outcome.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 SUITE COMMAND" >&2; exit 2; }
suite=$1
command=$2
[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
project=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
shared=""
if [ -d "$project/../shared" ]; then shared=$(cd "$project/../shared" && pwd); fi
cache=${DT_CHROOT_CACHE:-/var/cache/dt-ci}/$suite
mkdir -p "$cache/apt/partial" "$cache/ccache"

say() { echo "[debian-chroot $suite] $*" >&2; }
if [ -n "$(git -C "$project" status --porcelain --untracked-files=no)" ]; then
  say "note: uncommitted changes are not in the chroot (it holds HEAD)"
fi

if [ ! -s "$cache/base.tar" ]; then
  command -v debootstrap > /dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap > /dev/null; }
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  staging=$(mktemp -d "$cache/debootstrap-XXXXXX")
  chmod 755 "$staging"  # it becomes "/"
  say "building the base image from $mirror"
  if ! debootstrap --variant=minbase "$suite" "$staging" "$mirror" > "$cache/debootstrap.log" 2>&1; then
    say "debootstrap failed, see $cache/debootstrap.log"
    rm -rf "$staging"
    exit 2
  fi
  rm -f "$staging/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main contrib non-free\nSigned-By: %s\n' \
    "$mirror" "$suite" /usr/share/keyrings/debian-archive-keyring.gpg > "$staging/etc/apt/sources.list.d/debian.sources"
  tar -C "$staging" -cf "$cache/base.tar.new" . && mv "$cache/base.tar.new" "$cache/base.tar"
  rm -rf "$staging"
fi

root=$(mktemp -d /tmp/dt-chroot-XXXXXX)
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
tar -C "$root" -xf "$cache/base.tar"
chmod 755 "$root"  # mktemp's 0700 (also an old base image's) would lock other users (_apt, munge) out of "/"
mkdir -p "$root/root/dt" "$root/var/cache/ccache"
git -C "$project" archive HEAD | tar -x -C "$root/root/dt"
if [ -n "$shared" ]; then cp -r "$shared" "$root/root/shared"; else say "no ../shared beside the repository"; fi
cp /etc/hosts "$root/etc/hosts"  # services that resolve this machine's name (slurmctld) need it
cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null || true

# The host's environment stays out (env -i) but for CI, which the tests read. In the new namespaces PID 1 is the inner
# shell, so its end kills whatever the command left running, and the mounts exist only there (the rm -rf of the EXIT
# trap never sees the bind-mounted caches).
# shellcheck disable=SC2016  # the inner script expands its own arguments
unshare --mount --pid --fork --propagation private bash -euc '
  root=$1 cache=$2 command=$3
  mount -t proc proc "$root/proc"
  mkdir -p "$root/dev/shm" && mount -t tmpfs -o mode=1777 shm "$root/dev/shm"  # OpenMPI 5 shared-memory transport
  mount --bind "$cache/apt" "$root/var/cache/apt/archives"
  mount --bind "$cache/ccache" "$root/var/cache/ccache"
  status=0
  chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 CI="${CI:-}" \
    CCACHE_DIR=/var/cache/ccache /bin/bash -lc "cd /root/dt && $command" || status=$?
  exit "$status"' bash "$root" "$cache" "$command"
