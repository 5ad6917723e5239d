#!/usr/bin/env bash
# Installs every Debian package dt needs to build, test and run (needs root or sudo), on Debian 12 and 13 alike.
# DT_LIBTORCH names the LibTorch package: libtorch-dev (the default, CPU) or, on Debian 13 with contrib,
# libtorch-cuda-dev (the two conflict).
# libopenblas0-openmp matters: without it Debian's LibTorch runs on the reference BLAS (~34x slower).
# Do not add libopenblas0-pthread: its thread pool contends with LibTorch's OpenMP one.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
# clang: the fuzz targets (scripts/fuzz.sh, libFuzzer ships with it); CI runs them briefly.
# Test-only: the .bin checkpoint tests write their files with Python's own torch.save (same LibTorch flavour); the
# report tests compile dt-report's LaTeX with pdflatex (booktabs is in texlive-latex-recommended) and read the PDF
# back with pdftotext (poppler-utils); report.html is rendered in headless Chromium.
python_torch=python3-torch
if [ "${DT_LIBTORCH:-libtorch-dev}" = libtorch-cuda-dev ]; then python_torch=python3-torch-cuda; fi
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
  build-essential cmake ninja-build ccache git ca-certificates pkg-config clang clang-format \
  "${DT_LIBTORCH:-libtorch-dev}" libopenblas0-openmp \
  libopenmpi-dev openmpi-bin \
  libhdf5-dev hdf5-tools \
  libtomlplusplus-dev libspdlog-dev libfmt-dev libboost-program-options-dev \
  libgtest-dev libgmock-dev nlohmann-json3-dev \
  libicu-dev libsentencepiece-dev \
  python3 python3-h5py python3-pandas python3-numpy "$python_torch" \
  slurm-wlm munge procps \
  texlive-latex-base texlive-latex-recommended poppler-utils chromium
