#!/usr/bin/env bash
# Result files are verified before they are trusted, and bad input around results is one error line. With a tiny
# generated GPT-2 and the shipped sample data, each case below runs the built tools and checks the exit status,
# that stderr is exactly one line holding the expected words, and what is (not) left on disk:
#  - a cell file changed in place (a value flipped with h5py, or a third of its bytes zeroed, same size) fails its
#    seal: it is set aside into corrupt/ and recomputed by dt-run and by a resumed dt-sweep, refused by dt-report and
#    dt-compare; a change under a forged seal is still caught by the checksum;
#  - a file an older dt wrote without a seal is trusted by no tool until dt-seal checks and seals it; dt-seal refuses
#    a changed one and leaves it as it was;
#  - a file of another format version names both versions;
#  - dt-compare: 0 same, 1 different, 2 no verdict (missing directory, damaged file);
#  - dt-run into a location it cannot write fails before any work;
#  - a sweep configuration error leaves no output directory and names the sweep file and key;
#  - a template with a raw newline is quoted escaped on one line.
# Usage: bad_results.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
py=/usr/bin/python3
"$py" -c 'import h5py' 2> /dev/null || { echo "skipping: $py cannot import h5py (apt-get install python3-h5py)"; exit 77; }
work=$(mktemp -d /tmp/dt-bad-results-XXXXXX)
trap 'chmod -R u+w "$work" 2> /dev/null; rm -rf "$work"' EXIT

die() { echo "FAIL: $*" >&2; exit 1; }

# expect STATUS NEEDLE CMD...: CMD exits with STATUS and prints exactly one stderr line containing NEEDLE.
expect() {
  local want=$1 needle=$2 got=0
  shift 2
  "$@" > "$work/out" 2> "$work/raw" || got=$?
  # hwloc (under OpenMPI) warns on stderr where /sys is not mounted (minimal chroots): the environment, not dt
  grep -vE '^\[?hwloc/' "$work/raw" > "$work/err" || true
  [ "$got" -eq "$want" ] || { cat "$work/out" "$work/err" >&2; die "exit status $got, not $want: $*"; }
  [ "$(wc -l < "$work/err")" -eq 1 ] || { cat "$work/err" >&2; die "stderr is not one line: $*"; }
  grep -qF -- "$needle" "$work/err" || { cat "$work/err" >&2; die "stderr lacks '$needle': $*"; }
  echo "ok: $(cat "$work/err")"
}

"$bin/dt-mkmodel" --arch gpt2 --layers 2 --hidden 32 --heads 4 --vocab 300 --positions 1024 --out "$work/model" > /dev/null
run_cell() {  # OUTPUT [extra args]
  local out=$1
  shift
  "$bin/dt-run" --model "$work/model" --task "$src/jobs/sst2.toml" --data-root "$src/data/sample" --k 1 --steps 2 \
    --max-queries 8 --threads 1 --output "$out" "$@"
}
h5() { "$py" - "$@"; }
# reseal FILE: forges the seal of a changed file (what only a deliberate edit would do)
reseal() {
  "$py" - "$1" <<'PY'
import hashlib, sys
data = open(sys.argv[1], "rb").read()[512:]
line = b"dt-cell-seal/1 sha256:" + hashlib.sha256(data).hexdigest().encode() + b"\n"
open(sys.argv[1], "wb").write(line + b"\0" * (512 - len(line)) + data)
PY
}
# unseal FILE: the file as a dt that did not seal would have written it (no user block)
unseal() { "$py" -c 'import sys; p = sys.argv[1]; d = open(p, "rb").read()[512:]; open(p, "wb").write(d)' "$1"; }

echo "== a new file carries its checksum and its seal, and h5py reads it as any HDF5 file"
run_cell "$work/a/cell.h5" > /dev/null 2>&1
h5 "$work/a/cell.h5" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert f.attrs["checksum"].startswith("sha256:") and f.userblock_size == 512
assert open(sys.argv[1], "rb").read(22) == b"dt-cell-seal/1 sha256:"
PY
cp "$work/a/cell.h5" "$work/good.h5"

echo "== dt-run: a value changed in place is set aside and the cell computed again"
h5 "$work/a/cell.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    p = f["/predictions/lm_log_p"]
    p[0, 0] = 1 - p[0, 0]
PY
run_cell "$work/a/cell.h5" > "$work/out" 2> "$work/err"
grep -q "seal mismatch" "$work/err" || die "dt-run trusted a changed file"
[ "$(grep -c '^dt-run: ' "$work/err")" -eq 1 ] || die "the set-aside notice is not one line"  # the rest: progress
[ "$(find "$work/a/corrupt" -type f | wc -l)" -eq 1 ] || die "the changed file was not moved to corrupt/"
run_cell "$work/a/cell.h5" | grep -q "nothing to do" || die "the recomputed file is not complete"

echo "== dt-run: a third of the bytes zeroed (same size) is set aside and the cell computed again"
"$py" - "$work/a/cell.h5" <<'PY'
import os, sys
size = os.path.getsize(sys.argv[1])
with open(sys.argv[1], "r+b") as f:
    f.seek(size // 3)
    f.write(b"\0" * (size // 3))
PY
run_cell "$work/a/cell.h5" > /dev/null 2> "$work/err"
grep -q "moved to" "$work/err" || die "dt-run trusted a zeroed file"
[ "$(find "$work/a/corrupt" -type f | wc -l)" -eq 2 ] || die "the zeroed file was not moved to corrupt/"

echo "== dt-report and dt-compare verify every file"
mkdir -p "$work/r1/cells/m/sst2" "$work/r2/cells/m/sst2"
cp "$work/good.h5" "$work/r1/cells/m/sst2/s0.h5"
cp "$work/good.h5" "$work/r2/cells/m/sst2/s0.h5"
"$bin/dt-report" "$work/r1" > /dev/null || die "dt-report failed on a good directory"
"$bin/dt-compare" "$work/r1" "$work/r2" > /dev/null || die "dt-compare: identical directories differ"
h5 "$work/r2/cells/m/sst2/s0.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["/scores/lm_log_p"][0, 0, 0] += 1.0
PY
expect 1 "seal mismatch" "$bin/dt-report" "$work/r2"
expect 2 "seal mismatch" "$bin/dt-compare" "$work/r1" "$work/r2"
reseal "$work/r2/cells/m/sst2/s0.h5"
expect 1 "checksum mismatch" "$bin/dt-report" "$work/r2"
expect 2 "/missing: no such directory" "$bin/dt-compare" "$work/r1" "$work/missing"
mkdir "$work/empty"
expect 2 "not a results directory" "$bin/dt-compare" "$work/empty" "$work/r1"
"$bin/dt-compare" --help | grep -q "Exit status" || die "dt-compare --help does not document its exit statuses"
rm "$work/r2/cells/m/sst2/s0.h5"
run_cell "$work/r2/cells/m/sst2/s0.h5" --seed 1 > /dev/null 2>&1
status=0
"$bin/dt-compare" "$work/r1" "$work/r2" > /dev/null 2>&1 || status=$?
[ "$status" -eq 1 ] || die "dt-compare: differing directories gave status $status, not 1"

echo "== files an older dt wrote without a seal: trusted by no tool until dt-seal checks and seals them"
cp "$work/good.h5" "$work/old.h5" && unseal "$work/old.h5"
cp "$work/old.h5" "$work/r1/cells/m/sst2/s0.h5"
expect 1 "dt-seal" "$bin/dt-report" "$work/r1"
mkdir -p "$work/b" && cp "$work/old.h5" "$work/b/cell.h5"
expect 1 "dt-seal" run_cell "$work/b/cell.h5"
"$bin/dt-seal" "$work/r1" "$work/b/cell.h5" > "$work/out" || die "dt-seal failed on good unsealed files"
grep -q "2 sealed (0 given a checksum first), 0 already sealed, 0 refused" "$work/out" || die "$(cat "$work/out")"
"$bin/dt-report" "$work/r1" > /dev/null || die "dt-report refused a sealed file"
run_cell "$work/b/cell.h5" | grep -q "nothing to do" || die "dt-run recomputed a sealed file"
cp "$work/old.h5" "$work/b/cell.h5"
h5 "$work/b/cell.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    del f.attrs["checksum"]  # written before dt stored checksums
PY
"$bin/dt-seal" "$work/b" | grep -q "checksum computed now" || die "dt-seal did not give a checksum-less file one"
run_cell "$work/b/cell.h5" | grep -q "nothing to do" || die "dt-run recomputed a sealed file"
cp "$work/old.h5" "$work/b/cell.h5"
h5 "$work/b/cell.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["/accuracy/lm_log_p"][0] = 0.5
PY
cp "$work/b/cell.h5" "$work/changed.h5"
status=0
"$bin/dt-seal" "$work/b/cell.h5" > "$work/out" 2> "$work/err" || status=$?
[ "$status" -eq 1 ] || die "dt-seal on a changed file gave status $status, not 1"
grep -q "^dt-seal: refused .*checksum mismatch" "$work/err" || die "dt-seal did not refuse a changed file on stderr: $(cat "$work/err")"
! grep -q "refused .*checksum" "$work/out" || die "dt-seal printed its refusal on stdout"
cmp -s "$work/b/cell.h5" "$work/changed.h5" || die "dt-seal modified a file it refused"
[ -z "$(find "$work/b" -name '*.tmp.*')" ] || die "dt-seal left a temporary file"

echo "== another format version names both versions"
h5 "$work/r1/cells/m/sst2/s0.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f.attrs["format"] = "dt-cell/2"
PY
reseal "$work/r1/cells/m/sst2/s0.h5"
expect 1 "format dt-cell/2, this dt reads dt-cell/1" "$bin/dt-report" "$work/r1"
cp "$work/r1/cells/m/sst2/s0.h5" "$work/b/cell.h5"
expect 1 "format dt-cell/2, this dt reads dt-cell/1" run_cell "$work/b/cell.h5"

echo "== dt-run checks where its output goes before any work"
touch "$work/plain"
expect 1 "is not a directory" run_cell "$work/plain/cell.h5"
[ ! -s "$work/out" ] || die "dt-run worked before refusing its output location"
expect 1 "is a directory" run_cell "$work/a"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$work/ro" && chmod 555 "$work/ro"
  expect 1 "Permission denied" run_cell "$work/ro/cell.h5"
  [ ! -s "$work/out" ] || die "dt-run worked before refusing its output location"
else
  expect 1 "cannot write here" run_cell "/proc/self/dt-cell.h5"
  [ ! -s "$work/out" ] || die "dt-run worked before refusing its output location"
fi

echo "== a template with a raw newline is quoted escaped, on one line"
mkdir "$work/jobs"
sed 's|^prompt = .*|prompt = "Review:\\n{sentence"|' "$src/jobs/sst2.toml" > "$work/jobs/sst2.toml"
expect 1 'unclosed '"'"'{'"'"' in template "Review:\n{sentence"' \
  "$bin/dt-run" --model "$work/model" --task "$work/jobs/sst2.toml" --data-root "$src/data/sample" --output "$work/t.h5"

echo "== sweep configuration errors leave nothing behind and name the sweep file and key"
sweep_config() {  # FILE EXTRA_SED
  sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
    -e "s|^jobs_dir = .*|jobs_dir = \"$3\"|" -e 's|^tasks = .*|tasks = ["sst2"]|' -e 's|^seeds = .*|seeds = [0]|' \
    -e 's|^shots = .*|shots = [1]|' -e 's|^steps = .*|steps = 2\nmax_queries = 8|' -e "$2" "$src/configs/smoke.toml" |
    "$py" -c 'import sys; t = sys.stdin.read(); i = t.index("[[models]]"); j = t.index("[[optimizers]]")
print(t[:i] + "[[models]]\nname = \"m\"\npath = \"model\"\n\n" + t[j:])' > "$1"
}
sweep_config "$work/bad-dtype.toml" 's|^dtype = .*|dtype = "float8"|' "$src/jobs"
expect 2 "bad-dtype.toml: key 'sweep.dtype'" "$bin/dt-sweep" "$work/bad-dtype.toml" --output "$work/s1"
[ ! -e "$work/s1" ] || die "a sweep with a bad dtype created $work/s1"
sweep_config "$work/bad-card.toml" 's|^x||' "$work/jobs"
expect 2 "bad-card.toml: key 'sweep.tasks' (task sst2): " "$bin/dt-sweep" "$work/bad-card.toml" --output "$work/s2"
grep -qF 'template "Review:\n{sentence"' "$work/err" || die "the template is not quoted escaped"
[ ! -e "$work/s2" ] || die "a sweep with a broken task card created $work/s2"

echo "== a resumed sweep sets aside a damaged file and computes it again"
sweep_config "$work/sweep.toml" 's|^x||' "$src/jobs"
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/s3" > "$work/sweep.log" 2>&1 || { tail -3 "$work/sweep.log" >&2; die "the sweep failed"; }
cell=$(find "$work/s3/cells" -name '*.h5')
[ "$(echo "$cell" | wc -l)" -eq 1 ] || die "expected one cell file"
h5 "$cell" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["/accuracy/lm_log_p"][0] = 0.5
PY
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/s3" > "$work/out" 2>&1 || die "the resumed sweep failed"
grep -q "failed verification (seal mismatch" "$work/out" || { cat "$work/out" >&2; die "the sweep trusted a damaged file"; }
grep -q "1 of 1 cells complete, 0 failed" "$work/out" || die "the damaged cell was not computed again"
[ "$(find "$work/s3/corrupt" -type f | wc -l)" -eq 1 ] || die "the damaged file was not moved to corrupt/"
"$bin/dt-report" "$work/s3" > /dev/null || die "dt-report refused the recomputed sweep"
unseal "$cell"
expect 2 "run \`dt-seal $work/s3\` once" "$bin/dt-sweep" "$work/sweep.toml" --output "$work/s3"
"$bin/dt-seal" "$work/s3" > /dev/null || die "dt-seal failed on the sweep's directory"
"$bin/dt-sweep" "$work/sweep.toml" --output "$work/s3" > "$work/out" 2>&1 || die "the sealed sweep failed"
grep -q "1 already complete" "$work/out" || { cat "$work/out" >&2; die "the sealed cell was not trusted"; }
echo "all bad-results cases passed"
