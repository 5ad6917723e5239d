#!/usr/bin/env bash
# dt-sweep next to other work, in one run: configs/protocols.toml (84 cells, one rank) alone, then beside one process
# that keeps one core busy, with the default threads, with --threads 1, with OMP_WAIT_POLICY=passive, and confined by
# taskset to the free core (the default then takes one thread from the affinity mask). Prints seconds and the ratio to
# the run alone. Usage: scripts/bench-shared-cores.sh [BUILD_BIN_DIR]   (builds nothing)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/bin}
work=$(mktemp -d /tmp/dt-bench-shared-XXXXXX)
busy=""
cleanup() { [ -n "$busy" ] && kill "$busy" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
[ "$(nproc)" -ge 2 ] || { echo "needs at least 2 CPUs" >&2; exit 1; }
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" "$src/configs/protocols.toml" > "$work/grid.toml"
"$bin/dt-sweep" "$work/grid.toml" --output "$work/warmup" > /dev/null  # generates the models, outside timing

seconds() {  # NAME COMMAND...: one sweep into a fresh directory
  local name=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" "$bin/dt-sweep" "$work/grid.toml" --output "$work/$name" > "$work/$name.log"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}
alone=$(seconds alone env)
taskset -c 0 bash -c 'while :; do :; done' &
busy=$!
shared=$(seconds shared env)
one=$(seconds one env DT_THREADS=1)
passive=$(seconds passive env OMP_WAIT_POLICY=passive)
confined=$(seconds confined taskset -c 1)
ratio() { awk -v a="$1" -v b="$alone" 'BEGIN { printf "%.1fx", a / b }'; }
echo "protocols sweep, 84 cells, $(nproc) CPUs; one busy process pinned to CPU 0 from the second run on:"
echo "  alone, default threads ($(nproc))        $alone s"
echo "  beside it, default threads           $shared s ($(ratio "$shared"))"
echo "  beside it, --threads 1               $one s ($(ratio "$one"))"
echo "  beside it, OMP_WAIT_POLICY=passive   $passive s ($(ratio "$passive"))"
echo "  beside it, taskset -c 1 (1 thread)   $confined s ($(ratio "$confined"))"
