#!/usr/bin/env bash
# dt-run's exemplar method and demonstration truncation reach the cell: on the test rows of tests/data/v3 and a tiny
# generated model, --exemplars random draws the rows dt-demos --method random prints (not the card's stratified ones),
# the cell's key and config name the method, and --demo-max-tokens 24 thinks over the last 24 tokens of the same
# demonstration (the cell's demo_tokens), with a key of its own. Checked with python3-h5py.
# Usage: dt_run_exemplars.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-exemplars-XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }
data="$src/tests/data/v3"
"$bin/dt-mkmodel" --arch gpt2 --out "$work/model" --vocab 320 --positions 1024 \
  --tokenizer-corpus "$data/sst2/train.jsonl" "$data/sst2/validation.jsonl" > /dev/null
run() {  # OUTPUT [OPTIONS...]
  local out=$1
  shift
  "$bin/dt-run" --model "$work/model" --task "$src/jobs/sst2.toml" --data-root "$data" --seed 3 --k 2 --steps 2 \
    --output "$out" "$@" > /dev/null 2>&1 || die "dt-run $* failed"
}
run "$work/card.h5"
run "$work/random.h5" --exemplars random
run "$work/short.h5" --demo-max-tokens 24
"$bin/dt-demos" --task "$src/jobs/sst2.toml" --data-root "$data" --seed 3 --k 2 --method random > "$work/random.json"
"$bin/dt-demos" --task "$src/jobs/sst2.toml" --data-root "$data" --seed 3 --k 2 > "$work/card.json"
/usr/bin/python3 - "$work" <<'PY'
import json, sys
import h5py
work = sys.argv[1]
want_random = json.load(open(f"{work}/random.json"))["demo_pool_indices"]
want_card = json.load(open(f"{work}/card.json"))["demo_pool_indices"]
assert len(want_random) == 2 and len(want_card) == 4, (want_random, want_card)  # random k rows; stratified k per label
with h5py.File(f"{work}/card.h5") as card, h5py.File(f"{work}/random.h5") as rnd, h5py.File(f"{work}/short.h5") as short:
    assert list(card.attrs["demo_pool_indices"]) == want_card
    assert list(rnd.attrs["demo_pool_indices"]) == want_random
    assert json.loads(rnd.attrs["config"])["exemplars"] == "random"
    assert "exemplars" not in json.loads(card.attrs["config"])  # the card's own method keeps the old keys
    assert len({card.attrs["key"], rnd.attrs["key"], short.attrs["key"]}) == 3
    full = int(card.attrs["demo_tokens"])
    assert full > 24, full
    assert int(short.attrs["demo_tokens"]) == 24, short.attrs["demo_tokens"]
    assert json.loads(short.attrs["config"])["demo_max_tokens"] == 24
    assert short.attrs["demonstration"] == card.attrs["demonstration"]
print("exemplars and truncation reach the cell")
PY
echo "PASS: --exemplars and --demo-max-tokens"
