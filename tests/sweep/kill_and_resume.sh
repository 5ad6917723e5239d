#!/usr/bin/env bash
# Exactly-once results under failure, with real mpirun -np 3 (oversubscribed on 2 cores):
#  1. an uninterrupted reference sweep;
#  2. a sweep whose worker rank 2 is SIGKILLed mid-way (mpirun aborts), then the same command again;
#  3. a sweep sent SIGUSR1 mid-way (Slurm's preemption signal; exits 75), then the same command again.
# The final results of 2 and 3 must equal the reference dataset for dataset (dt-compare), with no duplicate,
# partial or orphan file. Usage: kill_and_resume.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-resume-XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" \
    -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" \
    -e "s|^seeds = .*|seeds = [0, 1, 2, 3, 4, 5]|" \
    -e "s|^steps = .*|steps = 6|" "$src/configs/smoke.toml" > "$work/sweep.toml"
sweep() { mpirun --oversubscribe -np 3 "$bin/dt-sweep" "$work/sweep.toml" --output "$1"; }
total=$(( 3 * 2 * 6 * 2 ))

wait_for_cells() {  # DIR N: until N complete cell files exist
  for _ in $(seq 1 600); do
    [ "$(find "$1/cells" -name '*.h5' 2>/dev/null | wc -l)" -ge "$2" ] && return 0
    sleep 0.05
  done
  echo "timed out waiting for $2 cells in $1" >&2
  return 1
}

check_clean() {  # DIR: no temporary or duplicate files, the expected number of cells
  local temps
  temps=$(find "$1" -name '*.tmp.*' | wc -l)
  [ "$temps" -eq 0 ] || { echo "FAIL: $temps temporary files left in $1" >&2; find "$1" -name '*.tmp.*' >&2; exit 1; }
  [ "$(find "$1/cells" -type f | wc -l)" -eq "$total" ] || { echo "FAIL: $1 does not hold exactly $total files" >&2; exit 1; }
}

echo "== reference sweep"
sweep "$work/reference" > "$work/reference.log"
check_clean "$work/reference"

echo "== SIGKILL of worker rank 2 mid-sweep"
mpirun --oversubscribe -np 3 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/killed" > "$work/killed.log" 2>&1 &
launcher=$!
wait_for_cells "$work/killed" 6
pid=$(grep -o 'pid [0-9]*' "$work/killed/logs/rank-2.log" | head -1 | cut -d' ' -f2)
kill -9 "$pid"
if wait "$launcher"; then echo "FAIL: mpirun succeeded although a worker was killed" >&2; exit 1; fi
done_before=$(find "$work/killed/cells" -name '*.h5' | wc -l)
echo "killed with $done_before of $total cells complete"
[ "$done_before" -lt "$total" ] || { echo "FAIL: the sweep finished before the kill; nothing was tested" >&2; exit 1; }
sweep "$work/killed" > "$work/killed-rerun.log"
grep -q "$done_before already complete" "$work/killed-rerun.log" || { echo "FAIL: the rerun did not skip the complete cells" >&2; cat "$work/killed-rerun.log" >&2; exit 1; }
check_clean "$work/killed"
"$bin/dt-compare" "$work/reference" "$work/killed"

echo "== SIGUSR1 (preemption) mid-sweep"
mpirun --oversubscribe -np 3 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/preempted" > "$work/preempted.log" 2>&1 &
launcher=$!
wait_for_cells "$work/preempted" 6
kill -USR1 "$launcher"
status=0
wait "$launcher" || status=$?
[ "$status" -eq 75 ] || { echo "FAIL: preempted sweep exited $status, expected 75" >&2; cat "$work/preempted.log" >&2; exit 1; }
grep -q "interrupted by signal" "$work/preempted.log" || { echo "FAIL: no interruption message" >&2; exit 1; }
[ "$(find "$work/preempted" -name '*.tmp.*' | wc -l)" -eq 0 ] || { echo "FAIL: a preempted cell left a temporary file" >&2; exit 1; }
echo "preempted with $(find "$work/preempted/cells" -name '*.h5' | wc -l) of $total cells complete"
sweep "$work/preempted" > "$work/preempted-rerun.log"
check_clean "$work/preempted"
"$bin/dt-compare" "$work/reference" "$work/preempted"
echo "PASS: interrupted sweeps resumed to results identical to the uninterrupted one"
