#!/usr/bin/env bash
# Installs the Debian packages (unless DT_SKIP_INSTALL=1), configures and builds dt into build/ (tools in build/bin/).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${DT_SKIP_INSTALL:-0}" != 1 ]; then scripts/install-deps.sh; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
