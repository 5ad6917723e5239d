#!/usr/bin/env bash
# slurm/full_grid.sbatch on a real (single-node, localhost) Slurm: start the daemons, submit the smoke grid with
# sbatch, wait and check every cell; then submit a longer grid, requeue the job mid-way (Slurm sends SIGTERM, dt-sweep
# stops cleanly, the job runs again) and check that it resumed to the same results as an uninterrupted run; then the
# same grid with DT_LAUNCHER=mpirun and SIGTERM to every process of the job (scancel --full: the batch shell, mpirun,
# the ranks). mpirun exits 1 whatever its ranks decide (Open MPI 4), or kills them at once under Slurm (Open MPI 5):
# the batch script must return 75 (rank 0's exit record, or the signal it passed on) and requeue the job, which
# resumes to the same results. SIGTERM to mpirun alone is tests/fault/launcher_signal.sh.
# Only the daemons this test started are stopped. Usage: slurm_sweep.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
if [ "$(id -u)" -ne 0 ]; then
  [ "${CI:-}" = true ] && { echo "CI=true but not root: the localhost Slurm needs root" >&2; exit 1; }
  echo "not root: the localhost Slurm needs root; skipping" >&2
  exit 77
fi
for tool in sbatch slurmctld slurmd munged; do
  command -v "$tool" > /dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing $tool (scripts/install-deps.sh installs slurm-wlm and munge)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/dt-slurm-test-XXXXXX)
export DT_SLURM_DIR=$work/cluster DT_SLURM_CPUS=4 DT_SLURM_PORT=$((20000 + RANDOM % 20000))
export SLURM_CONF=$DT_SLURM_DIR/etc/slurm.conf
cleanup() {
  "$src/scripts/slurm-localhost.sh" stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$src/scripts/slurm-localhost.sh" start

make_config() {  # OUT SEEDS STEPS
  sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
      -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" -e "s|^seeds = .*|seeds = $2|" -e "s|^steps = .*|steps = $3|" \
      "$src/configs/smoke.toml" > "$1"
}
submit() {  # CONFIG OUTPUT -> job id (DT_LAUNCHER and DT_MPIRUN_ARGS pass through to the batch script)
  (cd "$src" && DT_SWEEP="$bin/dt-sweep" sbatch --parsable --nodes=1 --ntasks-per-node=2 --gpus-per-node=0 --cpus-per-task=1 \
     --time=10 --output="$work/job-%j.out" slurm/full_grid.sbatch "$1" "$2")
}
job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
wait_done() {  # JOB; on failure, says in which state the job ended and what slurmctld logged
  local state=""
  for _ in $(seq 1 1200); do
    state=$(job_state "$1")
    case $state in COMPLETED) return 0 ;; FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
    sleep 0.2
  done
  echo "job $1: state '$state'" >&2
  scontrol show job "$1" >&2 || true
  tail -n 30 "$DT_SLURM_DIR/log/slurmctld.log" >&2
  return 1
}
cells() { find "$1/cells" -name '*.h5' 2>/dev/null | wc -l; }

echo "== sbatch slurm/full_grid.sbatch on the smoke grid"
make_config "$work/smoke.toml" "[0, 1]" 3
job=$(submit "$work/smoke.toml" "$work/smoke")
wait_done "$job" || { echo "FAIL: job $job did not complete" >&2; cat "$work"/job-*.out >&2; exit 1; }
[ "$(cells "$work/smoke")" -eq 24 ] || { echo "FAIL: expected 24 cells" >&2; exit 1; }
grep -q "dt-sweep exited with 0" "$work/job-$job.out"

echo "== requeue mid-way"
make_config "$work/long.toml" "[0, 1, 2, 3, 4, 5]" 6
job=$(submit "$work/long.toml" "$work/long")
for _ in $(seq 1 1200); do [ "$(cells "$work/long")" -ge 6 ] && break; sleep 0.05; done
before=$(cells "$work/long")
scontrol requeue "$job"
echo "requeued job $job with $before of 72 cells complete"
# Slurm holds a requeued job for two minutes (BeginTime); release it a few seconds after it is pending again. Not at
# once: slurmd revokes the old run's credential with a timestamp in whole seconds, and Slurm 24.11 kills a restart whose
# new credential dates from that same second ("Job credential revoked"; the job ends FAILED).
for _ in $(seq 1 600); do [ "$(job_state "$job")" = PENDING ] && break; sleep 0.1; done
scontrol update JobId="$job" StartTime=now+3
[ "$before" -lt 72 ] || { echo "FAIL: the grid finished before the requeue; nothing was tested" >&2; exit 1; }
wait_done "$job" || { echo "FAIL: requeued job $job did not complete" >&2; cat "$work"/job-*.out >&2; exit 1; }
grep -q "restart 1" "$work/job-$job.out" || { echo "FAIL: the job did not run a second time" >&2; cat "$work/job-$job.out" >&2; exit 1; }
[ "$(find "$work/long" -name '*.tmp.*' | wc -l)" -eq 0 ] || { echo "FAIL: temporary files left" >&2; exit 1; }
[ "$(cells "$work/long")" -eq 72 ] || { echo "FAIL: expected 72 cells after the restart" >&2; exit 1; }

release_when_pending() {  # JOB: see above for why not at once; fails when the job ended instead of being requeued
  for _ in $(seq 1 600); do
    case $(job_state "$1") in PENDING) break ;; COMPLETED|FAILED|CANCELLED|TIMEOUT)
        echo "FAIL: job $1 ended, not requeued" >&2; cat "$work/job-$1.out" >&2; tail -n 5 "$work"/*/logs/rank-*.log >&2; exit 1 ;;
    esac
    sleep 0.1
  done
  scontrol update JobId="$1" StartTime=now+3
}

echo "== SIGTERM to the batch step, mpirun included (DT_LAUNCHER=mpirun)"
job=$(DT_LAUNCHER=mpirun DT_MPIRUN_ARGS=--oversubscribe submit "$work/long.toml" "$work/launcher")
for _ in $(seq 1 1200); do [ "$(cells "$work/launcher")" -ge 6 ] && break; sleep 0.05; done
pgrep -f "(^|/)(mpirun|prterun) .*$work/launcher" > /dev/null || { echo "FAIL: no mpirun running" >&2; cat "$work/job-$job.out" >&2; exit 1; }
# what a scheduler sends: every process of the job's steps, the batch shell and mpirun among them
scancel --signal=TERM --full "$job"
before=$(cells "$work/launcher")
echo "sent SIGTERM to job $job (batch shell, mpirun, ranks) with $before of 72 cells complete"
[ "$before" -lt 72 ] || { echo "FAIL: the grid finished before the signal; nothing was tested" >&2; exit 1; }
release_when_pending "$job"
wait_done "$job" || { echo "FAIL: job $job did not complete after its requeue" >&2; cat "$work/job-$job.out" >&2; exit 1; }
grep -q "dt-sweep exited with 75" "$work/job-$job.out" || { echo "FAIL: the batch script did not return 75" >&2; cat "$work/job-$job.out" >&2; exit 1; }
grep -q "restart 1" "$work/job-$job.out" || { echo "FAIL: the job was not requeued" >&2; cat "$work/job-$job.out" >&2; exit 1; }
[ "$(cells "$work/launcher")" -eq 72 ] || { echo "FAIL: expected 72 cells after the restart" >&2; exit 1; }

echo "== uninterrupted reference for the same grid"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/long.toml" --output "$work/reference" > "$work/reference.log"
"$bin/dt-compare" "$work/reference" "$work/long"
"$bin/dt-compare" "$work/reference" "$work/launcher"
echo "PASS: sbatch ran the grid, and the requeued jobs (srun and mpirun signalled) resumed to identical results"
