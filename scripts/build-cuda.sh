#!/usr/bin/env bash
# Builds dt against Debian 13's CUDA LibTorch into build-cuda/ and runs the test suite with that build (on the GPU
# where there is one, on the CPU otherwise). Debian 13 only (libtorch-cuda-dev is in contrib, nvidia-cuda-toolkit in
# non-free: both must be in the apt sources); needs root or sudo; downloads about 2.4 GB.
# cuDNN: Debian's nvidia-cudnn package only holds a downloader for NVIDIA's binaries and a licence question. This script
# answers it "I Decline" unless the licence is already accepted, so without cuDNN libtorch_cuda.so names a library
# that is not there: dt links with -Wl,--allow-shlib-undefined (CMAKE_EXE_LINKER_FLAGS, a standard CMake cache
# variable; build-cuda/CMakeCache.txt shows it), which defers those symbols to run time, where only cuDNN kernels
# would need them.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO debconf-show nvidia-cudnn 2> /dev/null | grep -q 'nvidia-cudnn/question: I Agree'; then
  echo 'nvidia-cudnn nvidia-cudnn/question select I Decline' | $SUDO debconf-set-selections
fi
DT_LIBTORCH=libtorch-cuda-dev scripts/install-deps.sh
$SUDO apt-get install -y --no-install-recommends nvidia-cuda-toolkit
cmake -S . -B build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined
cmake --build build-cuda -j"$(nproc)"
ctest --test-dir build-cuda --output-on-failure -j"$(nproc)"
