#!/usr/bin/env bash
# dt-report --samples on the smoke sweep: samples.jsonl loads in pandas and agrees with the cell files read by h5py
# (check_samples.py); the Markdown has the query-by-query table and report.html its section with examples; a task card
# that is gone afterwards is one error line naming it, with no samples.jsonl written.
# Usage: samples_report.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
python=/usr/bin/python3
fail() { echo "FAIL: $*"; exit 1; }
"$python" -c 'import h5py, pandas' || fail "python3-h5py and python3-pandas are needed (scripts/install-deps.sh)"
work=$(mktemp -d /tmp/dt-samples-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$src/jobs" "$work/jobs"
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$work/jobs\"|" -e "s|^step_size = .*|step_size = 1.0|" "$src/configs/smoke.toml" \
    > "$work/smoke.toml"  # a step large enough that thinking changes some answers of the tiny models
"$bin/dt-sweep" "$work/smoke.toml" --output "$work/results" > "$work/sweep.log" 2>&1 ||
  fail "the sweep failed: $(tail -5 "$work/sweep.log")"
"$bin/dt-report" "$work/results" --step fixed:3 --samples "$work/samples" --output "$work/report" > "$work/report.md" \
  2> "$work/report.log" || fail "dt-report failed: $(cat "$work/report.log")"
"$python" "$src/tests/report/check_samples.py" "$work/results" "$work/samples/samples.jsonl"
grep -q '^### Query by query (lm_log_p)' "$work/report.md" || fail "no query-by-query table in the Markdown"
grep -q 'McNemar' "$work/report/report.tex" || fail "no query-by-query table in report.tex"
grep -q '<h2>Query by query' "$work/report/report.html" || fail "no query-by-query section in report.html"
grep -q '<p>\(Fixed\|Broken\) (first' "$work/report/report.html" || fail "no fixed or broken example in report.html"

rm "$work/jobs/copa.toml"
if "$bin/dt-report" "$work/results" --samples "$work/gone" > /dev/null 2> "$work/gone.log"; then
  fail "dt-report --samples succeeded without the copa card"
fi
[ "$(wc -l < "$work/gone.log")" -eq 1 ] || fail "not one error line: $(cat "$work/gone.log")"
grep -qF "$work/jobs/copa.toml" "$work/gone.log" || fail "the error does not name the card: $(cat "$work/gone.log")"
[ ! -e "$work/gone/samples.jsonl" ] || fail "samples.jsonl written although a card is gone"
echo "samples_report.sh: ok"
