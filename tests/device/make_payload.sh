#!/usr/bin/env bash
# Packs what tests/device/gpu_check.sh needs beside the working tree into one file, for a GPU machine that has
# PyTorch + CUDA but no internet: ../shared's golden fixtures, datasets and GPT-2 tokenizer, and a prefix of the
# Debian 12 libraries dt builds against that such a machine may lack (toml++, ICU headers + libraries, Boost
# program_options with the Boost headers it includes), taken from this machine's installed packages
# (scripts/install-deps.sh). Output: .device/payload.tar.xz (about 10 MiB; .device/ is git-ignored).
# Usage: tests/device/make_payload.sh [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=$(cd "${1:-../shared}" && pwd)
STAGE=$(mktemp -d /tmp/dt-payload-XXXX)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/shared" "$STAGE/deps" .device

cp -r "$SHARED/golden" "$SHARED/data" "$STAGE/shared/"
mkdir -p "$STAGE/shared/tokenizers" && cp -r "$SHARED/tokenizers/gpt2" "$STAGE/shared/tokenizers/"

# Library files of the packages, without documentation, static archives or tools.
copy_package() {
  dpkg -L "$1" | while read -r f; do
    case "$f" in */doc/* | */man/* | *.a | */bin/* | */lintian/*) continue ;; esac
    if [ -f "$f" ] || [ -L "$f" ]; then (cd / && cp -a --parents "${f#/}" "$STAGE/deps"); fi
  done
}
for p in libtomlplusplus-dev libtomlplusplus3 libicu-dev libicu72 \
         libboost-program-options1.74-dev libboost-program-options1.74.0; do
  dpkg -s "$p" >/dev/null 2>&1 || { echo "make_payload: package $p is not installed (run scripts/install-deps.sh)" >&2; exit 1; }
  copy_package "$p"
done
# Boost's headers: exactly those that <boost/program_options.hpp> includes, and Boost's CMake package files.
echo '#include <boost/program_options.hpp>' | g++ -std=c++20 -x c++ -M - | tr ' \\' '\n\n' | grep '^/usr/include/boost/' |
  sort -u | while read -r f; do (cd / && cp -a --parents "${f#/}" "$STAGE/deps"); done
for d in Boost-1.74.0 boost_headers-1.74.0 BoostDetectToolset-1.74.0.cmake; do
  (cd / && cp -a --parents "usr/lib/x86_64-linux-gnu/cmake/$d" "$STAGE/deps")
done

tar -C "$STAGE" -cJf .device/payload.tar.xz.tmp shared deps
mv .device/payload.tar.xz.tmp .device/payload.tar.xz
echo "wrote .device/payload.tar.xz ($(du -h .device/payload.tar.xz | cut -f1))"
