#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, golden, end-to-end). Tests that need ../shared skip with a message when
# it is absent and fail when CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
