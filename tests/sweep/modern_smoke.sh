#!/usr/bin/env bash
# The post-2023 families end to end: configs/smoke_modern.toml (one tiny generated model each of mistral, qwen2,
# qwen3, phi3, gemma2 and gemma3_text) through `mpirun -np 2 dt-sweep` and dt-report. Every cell must complete and
# every model must have its row in the report, with an accuracy after each step.
# Usage: modern_smoke.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-modern-XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" \
    -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" "$src/configs/smoke_modern.toml" > "$work/sweep.toml"
fail() { echo "FAIL: $*"; exit 1; }
models=(tiny-mistral tiny-qwen2 tiny-qwen3 tiny-phi3 tiny-gemma2 tiny-gemma3)
cells=$(( ${#models[@]} * 2 * 1 * 2 ))  # models x tasks x seeds x shots

"$bin/dt-sweep" "$work/sweep.toml" --check > "$work/check.out" 2>&1 || fail "--check: $(tail -5 "$work/check.out")"
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/runs" > "$work/sweep.out" 2>&1 ||
  fail "the sweep failed: $(tail -20 "$work/sweep.out")"
grep -q "$cells of $cells cells complete" "$work/sweep.out" || fail "not every cell completed: $(tail -5 "$work/sweep.out")"
for model in "${models[@]}"; do
  config="$work/models/$model/config.json"
  [ -f "$config" ] || fail "$model was not generated"
done
"$bin/dt-report" "$work/runs" --step fixed:3 --output "$work/report" > "$work/report.out" 2>&1 ||
  fail "dt-report failed: $(tail -5 "$work/report.out")"
for model in "${models[@]}"; do
  grep -q "$model" "$work/report.out" || fail "no report row for $model: $(head -40 "$work/report.out")"
done
echo "modern smoke: $cells cells over ${#models[@]} families, reported"
