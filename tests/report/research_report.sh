#!/usr/bin/env bash
# configs/research.toml end to end: every pseudo-gradient estimator, three demonstration orders and the random-init
# controls on the smoke models, swept and reported. The cells record their estimator and order; the report has the
# estimator, control, order and query-by-query tables in Markdown, LaTeX and report.html; samples.jsonl loads in
# pandas and agrees with the cell files. Then the same on the shared real data (SHARED_DIR/data): skipped without it,
# a failure when CI=true.
# Usage: research_report.sh BUILD_BIN_DIR SOURCE_DIR SHARED_DIR
set -euo pipefail
bin=$1
src=$2
shared=${DT_SHARED_DIR:-$3}
python=/usr/bin/python3
fail() { echo "FAIL: $*"; exit 1; }
"$python" -c 'import h5py, pandas' || fail "python3-h5py and python3-pandas are needed (scripts/install-deps.sh)"
work=$(mktemp -d /tmp/dt-research-XXXXXX)
trap 'rm -rf "$work"' EXIT
# two seeds and 16 queries a cell instead of three and 64: 192 cells, the same axes
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" -e "s|^seeds = .*|seeds = [0, 1]|" \
    -e "s|^max_queries = .*|max_queries = 16|" "$src/configs/research.toml" > "$work/research.toml"

# sweep_and_check NAME [dt-sweep options]: runs the grid into $work/NAME and checks everything above.
sweep_and_check() {
  local name=$1 out=$work/$1
  shift
  "$bin/dt-sweep" "$work/research.toml" --output "$out" "$@" > "$work/$name.log" 2>&1 ||
    fail "$name: the sweep failed: $(tail -5 "$work/$name.log")"
  [ "$(find "$out/cells" -name '*.h5' | wc -l)" -eq 192 ] || fail "$name: not 192 cells"
  for control in tiny-gpt2-random-init tiny-llama-random-init; do
    [ -f "$out/controls/$control/dt-control.json" ] || fail "$name: the control $control was not generated"
  done
  "$python" - "$out" <<'PY' || fail "$name: the cells do not record their estimator and order"
import glob, json, re, sys, h5py
ids = {"posm": "position-matched", "lseq": "layer-sequential", "ord3": "order-average:3"}
for path in glob.glob(sys.argv[1] + "/cells/**/*.h5", recursive=True):
    with h5py.File(path) as f:
        optimizer = json.loads(f.attrs["optimizer"])
        config = json.loads(f.attrs["config"])
    found = re.search(r"-(posm|lseq|ord3)_T5", path)
    assert optimizer.get("estimator") == (ids[found.group(1)] if found else None), path
    order = re.search(r"_o(\d+)\.h5$", path)
    assert config.get("demo_order", 0) == (int(order.group(1)) if order else 0), path
PY
  "$bin/dt-report" "$out" --score lm --samples "$out/report" --output "$out/report" > "$out/report.md" \
    2> "$work/$name-report.log" || fail "$name: dt-report failed: $(cat "$work/$name-report.log")"
  for estimator in position-matched layer-sequential order-average:3; do
    grep -qF "A = \`estimator=$estimator\` vs B = \`estimator=released\`" "$out/report.md" ||
      fail "$name: no $estimator table in the Markdown"
    grep -qF "Pseudo-gradient estimator $estimator against the released one" "$out/report/report.tex" ||
      fail "$name: no $estimator table in report.tex"
  done
  for arm in icl dt; do
    grep -qF "A = \`model=tiny-llama,arm=$arm\` vs B = \`model=tiny-llama-random-init,arm=$arm\`" "$out/report.md" ||
      fail "$name: no control table ($arm) in the Markdown"
  done
  grep -qF "against its random-weight control (ICL)" "$out/report/report.tex" || fail "$name: no control table in LaTeX"
  grep -q '^### Demonstration order (lm_log_p)' "$out/report.md" || fail "$name: no order table in the Markdown"
  grep -q '| 3 × 2 |' "$out/report.md" || fail "$name: the order table does not see 3 orders of 2 seeds"
  grep -qF '% Demonstration order' "$out/report/report.tex" || fail "$name: no order table in report.tex"
  grep -qF 'Demonstration order' "$out/report/report.html" || fail "$name: no order table in report.html"
  grep -q '^### Query by query' "$out/report.md" || fail "$name: no query-by-query table"
  "$python" "$src/tests/report/check_samples.py" "$out" "$out/report/samples.jsonl"
  echo "research_report.sh: $name ok"
}

sweep_and_check sample
if [ ! -d "$shared/data" ]; then
  [ "${CI:-}" = "true" ] && fail "CI=true but the shared material is missing: $shared/data"
  echo "shared material not found at $shared/data (set DT_SHARED_DIR); skipping the real-data half"
  exit 0
fi
sweep_and_check real --data-root "$shared/data"
