#!/usr/bin/env bash
# What a sweep shows while it runs (sweep/progress_line.h). On a terminal (a pseudo-terminal from util-linux's
# `script`): one live line redrawn in place, with per-model progress, and nothing else on its own line but the
# header and the final summary. Off a terminal: a line per cell by default, or with --progress-every 3600 only the
# first and the last. Usage: progress_line.sh BUILD_BIN_DIR SOURCE_DIR
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

# 1. on a terminal
command -v script > /dev/null || fail "util-linux's script is missing"
script -qec "'$bin/dt-sweep' '$work/sweep.toml' --output '$work/tty'" /dev/null > "$work/tty.out" 2>&1 < /dev/null ||
  fail "the sweep failed on a pseudo-terminal: $(cat -v "$work/tty.out" | tail -5)"
tr -d '\r' < "$work/tty.out" > "$work/tty.lines"
newline_lines=$(grep -vc "^\[sweep\] generated synthetic model" "$work/tty.lines")  # the models are made first
[ "$newline_lines" -le 4 ] || fail "a terminal got $newline_lines lines, not one live line: $(cat -v "$work/tty.out" | head -c 2000)"
redraws=$(grep -o $'\r\033\[K\[sweep\] [0-9]*/'"$cells"' done' "$work/tty.out" | wc -l)
[ "$redraws" -ge 2 ] || fail "$redraws redraws of the live line for $cells cells"
grep -q "\[sweep\] $cells/$cells done .* | tiny-gpt2 $((cells / 3))/$((cells / 3)), tiny-llama" "$work/tty.out" ||
  fail "no final live line with per-model progress: $(cat -v "$work/tty.out" | tail -c 600)"
grep -q "^\[sweep\] finished in .*: $cells of $cells cells complete" "$work/tty.lines" || fail "no summary on its own line"

# 2. off a terminal: a line per cell, or at most one every N seconds (the first and the last always)
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/pipe" > "$work/pipe.out" 2>&1
[ "$(grep -c "^\[sweep\] [0-9]*/$cells done" "$work/pipe.out")" -eq "$cells" ] || fail "not one line per cell: $(cat "$work/pipe.out")"
grep -q $'\033' "$work/pipe.out" && fail "terminal control sequences in a log"
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/slow" --progress-every 3600 > "$work/slow.out" 2>&1
lines=$(grep -c "^\[sweep\] [0-9]*/$cells done" "$work/slow.out")
[ "$lines" -eq 2 ] || fail "--progress-every 3600 printed $lines progress lines, not the first and the last: $(cat "$work/slow.out")"
grep -q "^\[sweep\] $cells/$cells done" "$work/slow.out" || fail "the last progress line is missing"
echo "progress: live line on a terminal ($redraws redraws, $newline_lines lines), $cells lines in a log, 2 with --progress-every 3600"
