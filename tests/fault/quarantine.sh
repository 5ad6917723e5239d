#!/usr/bin/env bash
# A cell that kills its worker every time (SIGKILL as it writes its result, from the LD_PRELOAD shim), under
# mpirun -np 2: the first two runs die with it; the third quarantines it (one line, failed/ record, exit 1), runs
# every other cell and never starts it; dt-report lists it; --retry-failed without the fault runs it and the grid
# ends identical to a clean run. Usage: quarantine.sh BUILD_BIN_DIR SOURCE_DIR FAULT_SHIM
set -euo pipefail
bin=$1
src=$2
shim=$3
work=$(mktemp -d /tmp/dt-quarantine-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$src/tests/fault/fault_common.sh"
make_config "[0, 1]" 3
total=24
sweep() { mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/q" "$@"; }

echo "== reference sweep"
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/reference" > "$work/reference.log"
# the fifth cell of the grid is the one that crashes
file=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cells"][4]["file"])' "$work/reference/sweep.json")
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cells"][4]["id"])' "$work/reference/sweep.json")
export DT_FAULT_DIR=$work/q DT_FAULT_MATCH=$file DT_FAULT_KILL=1
crashing() {
  LD_PRELOAD=$shim mpirun --oversubscribe -x LD_PRELOAD -x DT_FAULT_DIR -x DT_FAULT_MATCH -x DT_FAULT_KILL -np 2 \
    "$bin/dt-sweep" "$work/sweep.toml" --output "$work/q"
}
starts() { grep -c "start: $id\$" "$work/q/logs/rank-1.log" || true; }

for run in 1 2; do
  echo "== run $run: the worker dies in $id"
  status=0
  crashing > "$work/run$run.log" 2>&1 || status=$?
  [ "$status" -ne 0 ] || die "run $run succeeded although its worker was killed"
  [ "$(starts)" -eq "$run" ] || die "run $run: $id started $(starts) times, expected $run"
  [ -f "$work/q/attempts/$id.json" ] || die "run $run left no attempt record for $id"
done

echo "== run 3: $id is quarantined, the rest completes"
status=0
crashing > "$work/run3.log" 2>&1 || status=$?
[ "$status" -eq 1 ] || die "run 3 exited $status, not 1: $(cat "$work/run3.log")"
[ "$(starts)" -eq 2 ] || die "run 3 started the quarantined cell"
grep -q "quarantined $id: its worker died while running it 2 times" "$work/run3.log" || die "no quarantine line: $(cat "$work/run3.log")"
grep -q '"quarantined": true' "$work/q/failed/$id.json" || die "no quarantine record in failed/"
[ "$(cells "$work/q")" -eq $((total - 1)) ] || die "run 3 did not complete the other $((total - 1)) cells"
"$bin/dt-report" "$work/q" > "$work/report.md"
grep -q "^- $id (quarantined" "$work/report.md" || die "dt-report does not list the quarantined cell: $(tail -5 "$work/report.md")"

echo "== run 4: a rerun without --retry-failed leaves it alone"
status=0
crashing > "$work/run4.log" 2>&1 || status=$?
[ "$status" -eq 1 ] && [ "$(starts)" -eq 2 ] || die "run 4 exited $status or started the quarantined cell"

echo "== run 5: --retry-failed, the fault fixed"
unset DT_FAULT_DIR DT_FAULT_MATCH DT_FAULT_KILL
sweep --retry-failed > "$work/run5.log" 2>&1 || die "--retry-failed failed: $(cat "$work/run5.log")"
[ -z "$(find "$work/q/failed" "$work/q/attempts" -type f)" ] || die "records left in failed/ or attempts/"
no_temporaries "$work/q"
"$bin/dt-compare" "$work/reference" "$work/q" > /dev/null || die "the recovered grid differs from the clean run"
echo "PASS: the crashing cell was quarantined after 2 deaths, listed, and recovered by --retry-failed"
