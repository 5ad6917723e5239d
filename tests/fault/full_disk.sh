#!/usr/bin/env bash
# A full disk under dt-sweep, from an LD_PRELOAD shim (fault_shim.cpp) that fails writes with ENOSPC after a byte
# budget: (1) a worker's cell file cannot be written (mpirun -np 2), (2) rank 0's attempt record cannot be written
# (one rank). Each run must exit 74 with one error line giving the system's reason, leave no temporary file, no
# failed/ record and no sealed broken file; the resume with room must set nothing aside and end identical to a clean
# run (dt-compare). Usage: full_disk.sh BUILD_BIN_DIR SOURCE_DIR FAULT_SHIM
set -euo pipefail
bin=$1
src=$2
shim=$3
work=$(mktemp -d /tmp/dt-full-disk-XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$src/tests/fault/fault_common.sh"
make_config "[0, 1]" 3
total=24

echo "== reference sweep"
mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$work/reference" > "$work/reference.log"

check_resume() {  # DIR COMPLETE_BEFORE
  local before
  before=$(cells "$1")
  [ "$before" -lt "$total" ] || die "the disk never filled in $1; nothing was tested"
  mpirun --oversubscribe -np 2 "$bin/dt-sweep" "$work/sweep.toml" --output "$1" > "$work/resume.log" 2>&1 ||
    die "the resume with room failed: $(cat "$work/resume.log")"
  grep -q "$before already complete" "$work/resume.log" || die "the resume did not trust the $before complete cells: $(cat "$work/resume.log")"
  ! grep -q "moved to" "$work/resume.log" || die "a file written on the full disk was set aside: $(cat "$work/resume.log")"
  "$bin/dt-compare" "$work/reference" "$1" > /dev/null || die "$1 differs from the clean run"
}

echo "== (1) cell files: the worker's disk fills after a few cells"
status=0
DT_FAULT_DIR=$work/full DT_FAULT_MATCH=.h5 DT_FAULT_FULL_BYTES=150000 LD_PRELOAD=$shim \
  mpirun --oversubscribe -x LD_PRELOAD -x DT_FAULT_DIR -x DT_FAULT_MATCH -x DT_FAULT_FULL_BYTES -np 2 \
  "$bin/dt-sweep" "$work/sweep.toml" --output "$work/full" > "$work/full.out" 2> "$work/full.err" || status=$?
[ "$status" -eq 74 ] || die "a full disk gave exit status $status, not 74: $(cat "$work/full.err")"
one_error_line "$work/full.err" "No space left on device"
no_temporaries "$work/full"
[ -z "$(find "$work/full/failed" -type f)" ] || die "a full disk was recorded as a cell failure"
echo "stopped with $(cells "$work/full") of $total cells: $(grep '^dt-sweep: error:' "$work/full.err")"
check_resume "$work/full"

echo "== (2) rank 0's attempt record: the disk is full when the first cell starts"
status=0
DT_FAULT_DIR=$work/records DT_FAULT_MATCH=/attempts/ DT_FAULT_FULL_BYTES=0 LD_PRELOAD=$shim \
  "$bin/dt-sweep" "$work/sweep.toml" --output "$work/records" > "$work/records.out" 2> "$work/records.err" || status=$?
[ "$status" -eq 74 ] || die "a full disk under attempts/ gave exit status $status, not 74: $(cat "$work/records.err")"
one_error_line "$work/records.err" "attempts/.*No space left on device"
no_temporaries "$work/records"
check_resume "$work/records"
echo "== (3) a read-only output file system (a read-only bind mount; skipped where mounting is not allowed)"
mkdir -p "$work/rw" "$work/ro"
if mount --bind "$work/rw" "$work/ro" 2> /dev/null; then
  trap 'umount "$work/ro" 2> /dev/null || true; rm -rf "$work"' EXIT
  if mount -o remount,bind,ro "$work/ro" 2> /dev/null; then
    status=0
    "$bin/dt-sweep" "$work/sweep.toml" --output "$work/ro/out" > "$work/ro.out" 2> "$work/ro.err" || status=$?
    [ "$status" -eq 74 ] || die "a read-only output gave exit status $status, not 74: $(cat "$work/ro.err")"
    one_error_line "$work/ro.err" "$work/ro/out.*Read-only file system"
  else
    echo "skipped: cannot remount read-only here"
  fi
  umount "$work/ro"
else
  echo "skipped: cannot bind-mount here"
fi
echo "PASS: a full disk stops the sweep with 74 and one line, seals nothing broken, and the resume is identical"
