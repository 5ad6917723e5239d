#!/usr/bin/env bash
# Installs every Debian 12 package dt needs to build, test and run (needs root or sudo).
# libopenblas0-openmp matters: without it Debian's LibTorch runs on the reference BLAS (~34x slower).
# Do not add libopenblas0-pthread: its thread pool contends with LibTorch's OpenMP one.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
  build-essential cmake ninja-build ccache git ca-certificates pkg-config \
  libtorch-dev libopenblas0-openmp \
  libopenmpi-dev openmpi-bin \
  libhdf5-dev hdf5-tools \
  libtomlplusplus-dev libspdlog-dev libfmt-dev libboost-program-options-dev \
  libgtest-dev libgmock-dev nlohmann-json3-dev \
  libicu-dev libsentencepiece-dev \
  python3 python3-h5py python3-pandas python3-numpy \
  slurm-wlm munge procps
