#!/usr/bin/env bash
# dt-sweep --check applies the run's cell-level rules: for each configuration below, --check and the run agree. One
# that --check refuses (exit 2, a problem line naming the rule) also fails in the run; one it passes runs to the end.
#   dev_queries    a dev split larger than the demonstration pool
#   layers         a meta-optimizer tuning layers "first:999" of 2-layer models
#   positions      repeat:6 past a generated model's positions, before the model exists (checked on a copy
#                  generated into a temporary directory)
#   fine           the same grid within every limit
# Usage: preflight_agrees.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-preflight-agrees-XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }
base() {  # NAME: the smoke grid, one seed, k = 1, sst2 only, models under their own root
  sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models-$1\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
      -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" -e "s|^seeds = .*|seeds = [0]|" -e "s|^shots = .*|shots = [1]|" \
      -e "s|^tasks = .*|tasks = [\"sst2\"]|" "$src/configs/smoke.toml"
}
base dev_queries | sed -e 's|^retries = .*|retries = 0\ndev_queries = 100000|' > "$work/dev_queries.toml"
base layers | sed -e 's|^retries = .*|retries = 0|' -e 's|^kind = "momentum"$|kind = "momentum"\nlayers = "first:999"|' > "$work/layers.toml"
base positions | sed -e 's|^retries = .*|retries = 0\ndemonstrations = ["plain", "repeat:6"]|' -e 's|^positions = 1024$|positions = 200|' > "$work/positions.toml"
base fine | sed -e 's|^retries = .*|retries = 0\ndemonstrations = ["plain", "repeat:2"]\ndev_queries = 4|' > "$work/fine.toml"
grep -q 'first:999' "$work/layers.toml" || die "layers.toml has no layer selection"

expect() {  # NAME RULE_PATTERN ("" when it must pass)
  local status=0
  "$bin/dt-sweep" "$work/$1.toml" --output "$work/out-$1" --check > "$work/$1.check" 2>&1 || status=$?
  [ ! -e "$work/out-$1" ] || die "$1: --check created the output directory"
  [ ! -e "$work/models-$1" ] || die "$1: --check generated the model in place"
  if [ -z "$2" ]; then
    [ "$status" -eq 0 ] || die "$1: --check refused a valid grid: $(cat "$work/$1.check")"
    "$bin/dt-sweep" "$work/$1.toml" --output "$work/out-$1" > "$work/$1.run" 2>&1 || die "$1: the run failed: $(cat "$work/$1.run")"
  else
    [ "$status" -eq 2 ] || die "$1: --check passed: $(cat "$work/$1.check")"
    grep -q "^problem: .*$2" "$work/$1.check" || die "$1: no problem line matching '$2': $(cat "$work/$1.check")"
    status=0
    "$bin/dt-sweep" "$work/$1.toml" --output "$work/out-$1" > "$work/$1.run" 2>&1 || status=$?
    [ "$status" -ne 0 ] || die "$1: the run succeeded where --check refused"
  fi
  echo "$1: --check and the run agree"
}
expect dev_queries "a dev split of 100000"
expect layers 'layers = "first:999"'
expect positions "positions"
expect fine ""
echo "PASS: --check refuses what the run refuses and passes what it runs"
