#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan) into build-fuzz/ and runs each one, one after the
# other, from seed corpora made of the shipped files (tests/fuzz/make_seeds.py; ../shared read when present), then
# prints per target: executions, crashes, leaks, timeouts, out-of-memory, seconds. A target stops at its first
# finding (its input is kept under build-fuzz/fuzz/findings/<target>/; FUZZ_KEEP_GOING=1 keeps going and counts
# every finding) or after FUZZ_RUNS executions or FUZZ_SECONDS seconds, whichever comes first; the last line is a
# ctest-style summary (one "test" per target). Exit status 1 when anything was found, 0 otherwise; 0 with a message
# when clang is absent (nothing to run).
#   scripts/fuzz.sh                      every target, 1,000,000 executions each (at most 1 hour each)
#   FUZZ_SECONDS=60 scripts/fuzz.sh      a time cap per target
#   scripts/fuzz.sh --total-seconds 60   CI's short run: the time shared out evenly over the targets
#   scripts/fuzz.sh zip_archive ...      only these targets
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${FUZZ_RUNS:-1000000}
seconds=${FUZZ_SECONDS:-3600}
total_seconds=
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --total-seconds) total_seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if ! command -v clang++ >/dev/null || ! command -v clang >/dev/null; then
  echo "fuzz.sh: skipped: clang is not installed (apt-get install clang); libFuzzer needs it"
  echo "100% tests passed, 0 tests failed out of 0"
  exit 0
fi

build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
shared=${DT_SHARED_DIR:-$root/../shared}
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDT_FUZZ=ON \
  -DDT_SHARED_DIR="$shared" >/dev/null
cmake --build "$build" --target dt_fuzz_targets -j "${FUZZ_JOBS:-2}"

if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n '/^set(DT_FUZZ_TARGETS/,/)/p' tests/fuzz/CMakeLists.txt | tr ' ()' '\n\n\n' |
                         grep -E '^[a-z0-9_]+$' | grep -v '^set$')
fi
# FUZZ_SKIP: targets left out (named in the output), e.g. CI's hdf5_file, whose findings are libhdf5's (docs/development.md)
for skip in ${FUZZ_SKIP:-}; do
  for i in "${!targets[@]}"; do [ "${targets[$i]}" != "$skip" ] || unset 'targets[i]'; done
  echo "fuzz.sh: skipped: $skip (FUZZ_SKIP)"
done
targets=("${targets[@]}")
if [ -n "$total_seconds" ]; then
  seconds=$((total_seconds / ${#targets[@]}))
  [ "$seconds" -ge 1 ] || seconds=1
fi

work=$build/fuzz
rm -rf "$work/seeds"
/usr/bin/python3 tests/fuzz/make_seeds.py "$root" "$shared" "$work/seeds"
scratch=$(mktemp -d "${FUZZ_SCRATCH:-/dev/shm}/dt-fuzz-run-XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$scratch"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
printf '%-22s %12s %8s %6s %9s %5s %8s  %s\n' target executions crashes leaks timeouts ooms seconds result
# FUZZ_KEEP_GOING=1: libFuzzer's fork mode, which keeps fuzzing past crashes, leaks and timeouts and counts them all
keep_going=()
[ "${FUZZ_KEEP_GOING:-0}" = 0 ] || keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
found=0 failed=0
for target in "${targets[@]}"; do
  corpus=$work/corpus/$target findings=$work/findings/$target log=$work/logs/$target.log
  rm -rf "$findings"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  seeds=$work/seeds/$target
  mkdir -p "$seeds"
  start=$SECONDS status=0
  TMPDIR=$scratch "$build/bin/fuzz_$target" -runs="$runs" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "${keep_going[@]}" \
    "$corpus" "$seeds" >"$log" 2>&1 || status=$?
  elapsed=$((SECONDS - start))
  if [ ${#keep_going[@]} -eq 0 ]; then
    executions=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+$' || echo '?')
  else  # fork mode's progress lines: "#<executions>: cov: ..."
    executions=$(grep -oE '^#[0-9]+:' "$log" | tail -n 1 | tr -d '#:' || echo '?')
  fi
  count() { find "$findings" -maxdepth 1 -name "$1-*" | wc -l; }
  crashes=$(($(count crash) + $(count deadly_signal))) leaks=$(count leak) timeouts=$(count timeout) ooms=$(count oom)
  result=ok
  if [ "$status" -ne 0 ] || [ $((crashes + leaks + timeouts + ooms)) -ne 0 ]; then
    result="FOUND (exit $status), see $log"
    found=1 failed=$((failed + 1))
  fi
  printf '%-22s %12s %8d %6d %9d %5d %8d  %s\n' "$target" "$executions" "$crashes" "$leaks" "$timeouts" "$ooms" \
    "$elapsed" "$result"
done
# the summary line in ctest's words, which .ci/run reads (a target that found something counts as a failed test)
echo "$(((${#targets[@]} - failed) * 100 / ${#targets[@]}))% tests passed, $failed tests failed out of ${#targets[@]}"
exit "$found"
