#!/usr/bin/env bash
# Checks that dt's C++ (src/, include/, tests/) is formatted as .clang-format says; lists each file that is not and
# exits 1. The tree is formatted with clang-format 14 (Debian 12's); another major version formats some constructs
# differently, so there the check is skipped (exit 77) with a message. Fix with: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format > /dev/null || { echo "SKIP: clang-format is not installed (scripts/install-deps.sh)"; exit 77; }
major=$(clang-format --version | sed -E 's/.*version ([0-9]+).*/\1/')
if [ "$major" != 14 ]; then echo "SKIP: clang-format $major; the tree is formatted with clang-format 14"; exit 77; fi
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'include/*.h' 'tests/*.cpp' 'tests/*.h' 2> /dev/null ||
                     find src include tests -name '*.cpp' -o -name '*.h')
if [ "${1:-}" = --fix ]; then clang-format -i "${files[@]}"; exit 0; fi
# One clang-format process for all files; each file it would change is named in its "file:line:col: error:" lines.
mapfile -t bad < <(clang-format --dry-run -Werror "${files[@]}" 2>&1 | grep -oE '^[^:]+:[0-9]+:[0-9]+: error' |
                   cut -d: -f1 | sort -u)
if [ "${#bad[@]}" -gt 0 ]; then
  printf 'not clang-formatted: %s\n' "${bad[@]}"
  echo "${#bad[@]} of ${#files[@]} files; fix with: scripts/check-format.sh --fix"
  exit 1
fi
echo "all ${#files[@]} C++ files are clang-formatted"
