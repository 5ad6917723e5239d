#!/usr/bin/env bash
# Builds dt against Debian 13's CUDA LibTorch into build-cuda/ and runs the test suite with that build (on the GPU
# where there is one, on the CPU otherwise). Debian 13 only (libtorch-cuda-dev is in contrib, nvidia-cuda-toolkit in
# non-free: both must be in the apt sources); needs root or sudo; downloads about 2.4 GB.
# cuDNN: Debian's nvidia-cudnn package only holds a downloader for NVIDIA's binaries and a licence question, which this
# script answers "I Decline" unless it was accepted before. Without cuDNN, libtorch_cuda.so names a library that is not
# there, so dt links with -Wl,--allow-shlib-undefined (CMAKE_EXE_LINKER_FLAGS, a standard CMake cache variable) and
# the tests run with scripts/cudnn-stub.sh's stand-in on LD_LIBRARY_PATH; the binaries in build-cuda/bin then need a
# real cuDNN to start.
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
if ! python3 -c 'import ctypes; ctypes.CDLL("libcudnn.so.9")' 2> /dev/null; then
  echo "no loadable libcudnn.so.9: the tests run with a stand-in that aborts if cuDNN is ever called" >&2
  scripts/cudnn-stub.sh build-cuda/cudnn-stub
  export LD_LIBRARY_PATH=$PWD/build-cuda/cudnn-stub${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
ctest --test-dir build-cuda --output-on-failure -j"$(nproc)"
