#!/usr/bin/env bash
# The suites end to end: configs/smoke_suites.toml (SST-2, MMLU's 57 subjects with their 5 dev rows, BBH's 22 tasks
# with their 3 written demonstrations, a tiny generated model, the test rows of tests/data/v3) swept, then dt-report.
# The main table keeps SST-2 only; each suite has its table in report.md, report.tex and report.html; every category
# mean and suite average in report.md equals the unweighted mean over the member tasks' entries of report.json,
# recomputed here from jobs/suites/*.toml (within the 0.05 of one-decimal rounding).
# Usage: suite_report.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-suite-report-XXXXXX)
trap 'rm -rf "$work"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }

"$bin/dt-sweep" "$src/configs/smoke_suites.toml" --output "$work/run" --checkpoints-root "$work/models" \
  > "$work/sweep.log" 2>&1 || die "the sweep failed: $(tail -5 "$work/sweep.log")"
grep -q "160 of 160 cells complete" "$work/sweep.log" || die "not every cell completed: $(tail -3 "$work/sweep.log")"
"$bin/dt-report" "$work/run" --score lm --output "$work/report" > /dev/null 2>&1 || die "dt-report failed"
for f in report.md report.tex report.html; do
  for suite in mmlu bbh; do grep -q "Suite $suite" "$work/report/$f" || die "$f has no table for suite $suite"; done
done
grep -q "<th>Social Sciences</th>" "$work/report/report.html" || die "report.html lacks the MMLU categories"

python3 - "$work/report" "$src/jobs/suites" <<'PY'
import json, pathlib, re, sys, tomllib
report_dir, suites_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
md = (report_dir / "report.md").read_text()
main_header = md.split("\n\n")[1].splitlines()[0]
assert main_header.startswith("| model | method | sst2 | average"), f"main table columns: {main_header}"
report = json.loads((report_dir / "report.json").read_text())[0]
checked = 0
for path in sorted(suites_dir.glob("*.toml")):
    suite = tomllib.loads(path.read_text())
    members = [pathlib.PurePath(t).name for t in suite["tasks"]]
    groups = [(c["name"], c["tasks"]) for c in suite.get("categories", [])] + [("average", members)]
    section = md.split(f"## Suite {suite['name']} ")[1]
    lines = [l for l in section.splitlines() if l.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [l for l in report["rows"] if any(t in l["tasks"] for t in members)]
    assert rows, f"no report row has {suite['name']} results"
    for row in rows:
        label_at = next(i for i, l in enumerate(lines) if l.startswith(f"| {row['label']} |"))
        for method, key, line in (("ICL", "icl", lines[label_at]), ("Deep-Thinking", "deep_thinking", lines[label_at + 1])):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert cells[1] == method, line
            for name, tasks in groups:
                values = [row["tasks"][t][key]["mean"] for t in tasks if t in row["tasks"]]
                expected = 100 * sum(values) / len(values)
                shown = float(re.match(r"[0-9.]+", cells[header.index(name)]).group(0))
                assert abs(shown - expected) <= 0.05 + 1e-9, f"{suite['name']} {name} {method}: shown {shown}, mean {expected:.3f}"
                checked += 1
print(f"{checked} suite means agree with the member tasks' entries")
PY
echo "PASS: the suites' tables in report.md, report.tex and report.html, their means recomputed"
