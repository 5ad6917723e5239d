#!/usr/bin/env bash
# What a sweep shows while it runs (sweep/progress_line.h). The live line (--progress live, and what --progress auto
# gives a terminal, checked through util-linux's `script` where a pseudo-terminal can be made): one line redrawn in
# place with per-model progress, nothing else on its own line but the header and the final summary. Off a terminal:
# a line per cell by default, or with --progress-every 3600 only the first and the last.
# Usage: progress_line.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d /tmp/dt-progress-XXXXXX)
trap 'rm -rf "$work"' EXIT
sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" \
    -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" "$src/configs/smoke.toml" > "$work/sweep.toml"
cells=$(( 3 * 2 * 2 * 2 ))  # models x tasks x seeds x shots
fail() { echo "FAIL: $*"; exit 1; }

# 1. the live line (--progress live: what a terminal gets; no pseudo-terminal needed)
check_live() {  # OUT: the captured output of a live-mode sweep
  # every redraw starts with \r: without them the live line's redraws are one line, the only one with "done ("
  # (lines of other programs, such as hwloc's warnings where /sys is missing, are not dt's and are not counted)
  tr -d '\r' < "$1" > "$1.lines"
  newline_lines=$(grep -c "^\[sweep\]" "$1.lines")
  progress_lines=$(grep -c "done (" "$1.lines")
  [ "$progress_lines" -eq 1 ] || fail "a terminal got $progress_lines progress lines, not one live line: $(cat -v "$1" | head -c 2000)"
  redraws=$(grep -o $'\r\033\[K\[sweep\] [0-9]*/'"$cells"' done' "$1" | wc -l)
  [ "$redraws" -ge 2 ] || fail "$redraws redraws of the live line for $cells cells"
  grep -q "\[sweep\] $cells/$cells done .* | tiny-gpt2 $((cells / 3))/$((cells / 3)), tiny-llama" "$1" ||
    fail "no final live line with per-model progress: $(cat -v "$1" | tail -c 600)"
  grep -q "^\[sweep\] finished in .*: $cells of $cells cells complete" "$1.lines" || fail "no summary on its own line"
}
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/live" --progress live > "$work/live.out" 2>&1 ||
  fail "the live sweep failed: $(tail -5 "$work/live.out")"
check_live "$work/live.out"
live_summary="live line ($redraws redraws, $newline_lines lines)"

# 1b. auto: a real terminal gets the live line (util-linux's script gives a pseudo-terminal where the machine has
# them; a chroot without /dev/pts has none, and this half says so)
if script -qec true /dev/null > /dev/null 2>&1 < /dev/null; then
  script -qec "'$bin/dt-sweep' '$work/sweep.toml' --output '$work/tty'" /dev/null > "$work/tty.out" 2>&1 < /dev/null ||
    fail "the sweep failed on a pseudo-terminal: $(cat -v "$work/tty.out" | tail -5)"
  check_live "$work/tty.out"
  live_summary="$live_summary; auto on a pseudo-terminal: live ($redraws redraws)"
else
  live_summary="$live_summary; auto on a terminal not checked: no pseudo-terminal can be made here"
fi

# 2. off a terminal: a line per cell, or at most one every N seconds (the first and the last always)
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/pipe" > "$work/pipe.out" 2>&1
[ "$(grep -c "^\[sweep\] [0-9]*/$cells done" "$work/pipe.out")" -eq "$cells" ] || fail "not one line per cell: $(cat "$work/pipe.out")"
grep -q $'\033' "$work/pipe.out" && fail "terminal control sequences in a log"
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/slow" --progress-every 3600 > "$work/slow.out" 2>&1
lines=$(grep -c "^\[sweep\] [0-9]*/$cells done" "$work/slow.out")
[ "$lines" -eq 2 ] || fail "--progress-every 3600 printed $lines progress lines, not the first and the last: $(cat "$work/slow.out")"
grep -q "^\[sweep\] $cells/$cells done" "$work/slow.out" || fail "the last progress line is missing"
echo "progress: $live_summary; $cells lines in a log, 2 with --progress-every 3600"
