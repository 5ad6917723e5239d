#!/usr/bin/env bash
# A changed [models.generate] spec, rerun once: the run regenerates the model before computing any key, so none of
# the old model's results is counted complete (they are set aside as stale) and the results equal a fresh run's with
# the new spec. Usage: regenerated_model.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-regenerated-XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }
config() {  # MODELS_ROOT GPT2_SEED OUT
  sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$1\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
      -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" -e "s|^seeds = .*|seeds = [0]|" -e "s|^seed = 1$|seed = $2|" \
      "$src/configs/smoke.toml" > "$3"
}
config "$work/models" 1 "$work/old.toml"
config "$work/models" 11 "$work/new.toml"
config "$work/fresh-models" 11 "$work/fresh.toml"
grep -q "^seed = 11$" "$work/new.toml" || die "the spec did not change"

"$bin/dt-sweep" "$work/old.toml" --output "$work/run" > "$work/first.log" || die "first run: $(cat "$work/first.log")"
"$bin/dt-sweep" "$work/new.toml" --output "$work/run" > "$work/second.log" || die "second run: $(cat "$work/second.log")"
grep -q "regenerated synthetic model tiny-gpt2" "$work/second.log" || die "tiny-gpt2 was not regenerated: $(cat "$work/second.log")"
grep -q "12 cells, 8 already complete" "$work/second.log" || die "old results were counted complete: $(cat "$work/second.log")"
[ "$(grep -c "was computed with another configuration; moved to" "$work/second.log")" -eq 4 ] ||
  die "the 4 results of the old tiny-gpt2 were not set aside: $(cat "$work/second.log")"
"$bin/dt-sweep" "$work/fresh.toml" --output "$work/fresh" > "$work/fresh.log" || die "fresh run: $(cat "$work/fresh.log")"
"$bin/dt-compare" "$work/fresh" "$work/run" > /dev/null || die "the rerun differs from a fresh run with the new spec"
echo "PASS: a changed spec regenerates the model first; no old result is reused"
