#!/usr/bin/env bash
# with_shared.sh SHARED_DIR RELATIVE_PATH COMMAND...: runs COMMAND when SHARED_DIR/RELATIVE_PATH exists.
# Otherwise: exit 77 (ctest reports the test as skipped) with a clear message, or fail when CI=true. COMMAND runs with
# DT_SHARED_DIR set to the shared directory.
set -u
shared=${DT_SHARED_DIR:-$1}
need="$shared/$2"
shift 2
if [ ! -e "$need" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true but the shared material is missing: $need" >&2
    exit 1
  fi
  echo "shared material not found at $need (set DT_SHARED_DIR); skipping" >&2
  exit 77
fi
export DT_SHARED_DIR="$shared"  # fixtures may name files under it ("$DT_SHARED_DIR/...")
exec "$@"
