#!/usr/bin/env bash
# configs/paper_v3.toml resolves whole: every model of the grid (one tiny generated model per architecture, placed in
# an HF cache under each of the grid's repository names) and every task card on the test rows of tests/data/v3.
# `dt-sweep --check` must find no problem and count the grid the config's header states (14,725 trajectories).
# Usage: paper_v3_check.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-paper-v3-XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }

corpus=("$src"/tests/data/v3/sst2/train.jsonl "$src"/tests/data/v3/bbh/*.jsonl "$src"/tests/data/v3/mmlu/anatomy/test.jsonl)
for arch in gpt2 gpt_neo opt bloom gpt_neox llama; do
  "$bin/dt-mkmodel" --arch "$arch" --out "$work/arch/$arch" --positions 4096 --vocab 400 \
    --tokenizer-corpus "${corpus[@]}" > /dev/null || die "dt-mkmodel --arch $arch failed"
done
arch_of() {
  case $1 in
    gpt2*) echo gpt2 ;; EleutherAI/gpt-neo*) echo gpt_neo ;; facebook/opt*) echo opt ;; bigscience/bloom*) echo bloom ;;
    EleutherAI/pythia*) echo gpt_neox ;; meta-llama/*) echo llama ;; *) die "no architecture for $1" ;;
  esac
}
repos=$(sed -n 's/^hub = "\(.*\)"$/\1/p' "$src/configs/paper_v3.toml")
[ "$(echo "$repos" | wc -l)" -eq 19 ] || die "configs/paper_v3.toml does not list 19 models"
for repo in $repos; do
  folder="$work/hub/models--${repo//\//--}"
  mkdir -p "$folder/snapshots" "$folder/refs"
  ln -s "$work/arch/$(arch_of "$repo")" "$folder/snapshots/rev1"
  echo -n rev1 > "$folder/refs/main"
done

status=0
"$bin/dt-sweep" "$src/configs/paper_v3.toml" --check --checkpoints-root "$work/hub" --data-root "$src/tests/data/v3" \
  --output "$work/out" > "$work/check.txt" 2>&1 || status=$?
cat "$work/check.txt"
[ "$status" -eq 0 ] || die "--check exited $status"
! grep -q '^problem:' "$work/check.txt" || die "--check reported problems"
grep -q '^grid: 19 models x 98 tasks x 5 seeds' "$work/check.txt" || die "the grid is not 19 models x 98 tasks x 5 seeds"
grep -q 'trajectories  14725 ' "$work/check.txt" || die "the grid is not 14,725 trajectories"
echo "PASS: configs/paper_v3.toml resolves: 19 models x 98 tasks, 14,725 trajectories"
