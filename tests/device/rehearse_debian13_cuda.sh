#!/usr/bin/env bash
# Rehearses tests/device/gpu_check.sh where there is no GPU, in the Debian 13 CUDA build: on a fresh trixie chroot
# holding HEAD (scripts/debian-chroot.sh, with the CUDA build's own cache) it installs Debian 13's CUDA LibTorch and
# CUDA toolkit, builds dt through the GPU check (with scripts/cudnn-stub.sh standing in for the cuDNN Debian does not
# ship) and passes when the check stops at its first GPU call saying that this LibTorch has CUDA but no GPU is
# visible (exit 3). Not part of CI: about 2.4 GB of packages, kept in /var/cache/dt-cuda.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DT_CHROOT_CACHE=${DT_CHROOT_CACHE:-/var/cache/dt-cuda}
exec scripts/debian-chroot.sh trixie '
  echo "nvidia-cudnn nvidia-cudnn/question select I Decline" | debconf-set-selections
  DT_LIBTORCH=libtorch-cuda-dev scripts/install-deps.sh >/tmp/install.log 2>&1
  apt-get install -y --no-install-recommends nvidia-cuda-toolkit >>/tmp/install.log 2>&1
  scripts/cudnn-stub.sh /tmp/cudnn-stub
  rc=0
  LD_LIBRARY_PATH=/tmp/cudnn-stub DT_GPU_CMAKE_ARGS=-DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined \
    bash tests/device/gpu_check.sh || rc=$?
  if [ "$rc" -eq 3 ] && grep -q "this LibTorch has CUDA, but no GPU is visible" /tmp/dt-gpu-check/gpu_check.log; then
    echo "rehearsal passed: the GPU check stopped at its first GPU call, and said why"
  else
    echo "rehearsal FAILED (exit $rc)"; exit 1
  fi'
