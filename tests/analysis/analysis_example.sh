#!/usr/bin/env bash
# analysis/load_results.py (h5py + pandas, Debian's python3-h5py and python3-pandas) reads a dt-sweep results
# directory without dt code, and its mean accuracies equal dt-report's JSON for every model, task and step.
# Usage: analysis_example.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
python=/usr/bin/python3
"$python" -c 'import h5py, pandas' || { echo "python3-h5py and python3-pandas are needed (scripts/install-deps.sh)" >&2; exit 1; }
work=$(mktemp -d /tmp/dt-analysis-XXXXXX)
trap 'rm -rf "$work"' EXIT
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" "$src/configs/smoke.toml" > "$work/smoke.toml"
"$bin/dt-sweep" "$work/smoke.toml" --output "$work/results" > /dev/null
"$python" "$src/analysis/load_results.py" "$work/results" > "$work/table.txt"
grep -q "tiny-gpt2" "$work/table.txt"
"$python" "$src/analysis/load_results.py" "$work/results" --json > "$work/pandas.json"
"$bin/dt-report" "$work/results" --format json --step fixed:3 > "$work/report.json"
"$python" - "$work/pandas.json" "$work/report.json" <<'PY'
import json, sys
pandas = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
means = {(r["model"], r["task"], r["k"], r["score"], r["step"]): r["accuracy"] for r in pandas}
checked = 0
for table in report:
    for row in table["rows"]:
        for task, entry in row["tasks"].items():
            for point in entry["trace"]:
                key = (row["model"], task, row["k"], table["score"], point["step"])
                assert abs(means[key] - point["accuracy"]["mean"]) < 1e-12, (key, means[key], point)
                checked += 1
assert checked == len(means) == 3 * 2 * 2 * 2 * 3, (checked, len(means))
print(f"PASS: {checked} mean accuracies from pandas equal dt-report's")
PY
