#!/usr/bin/env bash
# SIGTERM to the launcher itself: mpirun, sent SIGTERM, kills its ranks and exits 1 whatever they return, so dt-sweep's
# rank 0 writes its decision (75) to --exit-record the moment the signal reaches it, and slurm/full_grid.sbatch reads
# it. Checks the record, that a cell running at the signal does not count as a death, and that the resume is identical
# to a clean run; then the same through slurm/full_grid.sbatch run as a plain script (DT_LAUNCHER=mpirun), which must
# exit 75. Usage: launcher_signal.sh BUILD_BIN_DIR SOURCE_DIR FAULT_SHIM
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-launcher-signal-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$src/tests/fault/fault_common.sh"
make_config "[0, 1, 2, 3, 4, 5]" 6
total=72

echo "== reference sweep"
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/reference" > "$work/reference.log"

wait_for_cells() {  # DIR N
  for _ in $(seq 1 1200); do [ "$(cells "$1")" -ge "$2" ] && return 0; sleep 0.05; done
  die "timed out waiting for $2 cells in $1"
}

echo "== SIGTERM to mpirun"
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/t" --exit-record "$work/exit.json" \
  > "$work/t.log" 2>&1 &
launcher=$!
wait_for_cells "$work/t" 6
kill -TERM "$launcher"
status=0
wait "$launcher" || status=$?
echo "mpirun exited $status; the exit record: $(cat "$work/exit.json" 2>/dev/null)"
grep -q '"exit":75' "$work/exit.json" || die "rank 0 did not record 75: $(cat "$work/exit.json" 2>/dev/null)"
before=$(cells "$work/t")
[ "$before" -lt "$total" ] || die "the grid finished before the signal; nothing was tested"
[ -z "$(find "$work/t/attempts" -type f -name '*.json')" ] || die "a cell interrupted by the signal was counted as a death"
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/t" --exit-record "$work/exit.json" \
  > "$work/t-rerun.log" 2>&1 || die "the resume failed: $(cat "$work/t-rerun.log")"
grep -q '"exit":0' "$work/exit.json" || die "the resume did not record 0"
no_temporaries "$work/t"
"$bin/dt-compare" "$work/reference" "$work/t" > /dev/null || die "the resumed grid differs from the clean run"

echo "== SIGTERM to mpirun under slurm/full_grid.sbatch (run as a script)"
(cd "$src" && DT_LAUNCHER=mpirun DT_SWEEP="$bin/dt-sweep" DT_MPIRUN_ARGS="--oversubscribe -np 2" \
   bash slurm/full_grid.sbatch "$work/sweep.toml" "$work/s" > "$work/s.log" 2>&1) &
job=$!
wait_for_cells "$work/s" 6
pkill -TERM -f "(^|/)(mpirun|prterun) .*$work/s" || die "no mpirun to signal"  # Open MPI 5: mpirun execs prterun
status=0
wait "$job" || status=$?
[ "$status" -eq 75 ] || die "the batch script exited $status, not 75: $(cat "$work/s.log")"
grep -q "dt-sweep exited with 75" "$work/s.log" || die "the batch script did not report 75: $(cat "$work/s.log")"
echo "PASS: SIGTERM to mpirun means 75, recorded by rank 0 and returned by the batch script; the resume is identical"
