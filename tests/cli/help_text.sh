#!/usr/bin/env bash
# Every tool's --help shows its defaults as a user would type them: no binary floating-point artefact such as
# "(=0.90000000000000002)" or "(=0.14999999999999999)", i.e. no default with more than 6 digits after the point.
# Usage: help_text.sh BUILD_BIN_DIR
set -euo pipefail
bin=$1
status=0
checked=0
for tool in "$bin"/dt-*; do
  [ -x "$tool" ] || continue
  help=$("$tool" --help 2>&1) || true
  checked=$((checked + 1))
  if ! grep -q -- "--" <<<"$help"; then
    echo "FAIL $(basename "$tool"): --help shows no options"; status=1
  fi
  if artefacts=$(grep -oE '\(=[-+]?[0-9]*\.[0-9]{7,}[^)]*\)' <<<"$help"); then
    echo "FAIL $(basename "$tool"): $artefacts"; status=1
  fi
done
[ "$checked" -ge 10 ] || { echo "FAIL only $checked tools found in $bin"; status=1; }
echo "$checked tools' help texts checked"
exit $status
