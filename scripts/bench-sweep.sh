#!/usr/bin/env bash
# Sweep throughput in one run: the smoke models on a longer grid (3 models x 2 tasks x 6 seeds x 2 shots, 6 steps =
# 72 cells) with 1 rank, then 2 and 3 ranks (rank 0 coordinates, the others work), then 9 ranks oversubscribed (8
# workers on 2 cores) to show every worker gets cells. Prints cells/s per run, ratios to 1 rank, and the cells each
# worker ran. Usage: scripts/bench-sweep.sh [BUILD_BIN_DIR]   (builds nothing; run scripts/build.sh first)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/bin}
work=$(mktemp -d /tmp/dt-bench-sweep-XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" -e "s|^seeds = .*|seeds = [0, 1, 2, 3, 4, 5]|" -e "s|^steps = .*|steps = 6|" \
    "$src/configs/smoke.toml" > "$work/grid.toml"
"$bin/dt-sweep" "$work/grid.toml" --output "$work/warmup" > /dev/null  # generates the models, outside timing

rate() {  # NP -> cells per second over the whole mpirun (start-up included)
  local np=$1 out="$work/np$1" start end
  start=$(date +%s.%N)
  if [ "$np" -eq 1 ]; then "$bin/dt-sweep" "$work/grid.toml" --output "$out" > "$out.log"; else mpirun --oversubscribe -np "$np" "$bin/dt-sweep" "$work/grid.toml" --output "$out" > "$out.log"; fi
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", 72 / (e - s) }'
}

r1=$(rate 1)
r2=$(rate 2)
r3=$(rate 3)
echo "cells/s (72 cells, start-up included): np=1 $r1   np=2 $r2 ($(awk -v a="$r2" -v b="$r1" 'BEGIN{printf "%.2f", a/b}')x)   np=3 $r3 ($(awk -v a="$r3" -v b="$r1" 'BEGIN{printf "%.2f", a/b}')x)"
echo "  np=2 is one coordinator + one worker; np=3 has two workers sharing the machine's $(nproc) cores"
r9=$(rate 9)
echo "np=9 (8 workers on $(nproc) cores, oversubscribed): $r9 cells/s; per worker: cells run, model loads, distinct models"
for r in $(seq 1 8); do
  log="$work/np9/logs/rank-$r.log"
  models=$(grep ' start: ' "$log" | sed 's/.* start: \([^/]*\)\/.*/\1/' || true)
  loads=$(printf '%s\n' "$models" | grep -v '^$' | uniq | wc -l)
  distinct=$(printf '%s\n' "$models" | grep -v '^$' | sort -u | wc -l)
  printf '  rank %d: %s cells, %s loads, %s models\n' "$r" "$(grep -c ' ok in ' "$log" || true)" "$loads" "$distinct"
done
"$bin/dt-compare" --rtol 1e-4 "$work/np1" "$work/np9" | tail -1
