#!/usr/bin/env bash
# GPU check: builds dt against this machine's LibTorch with CUDA (PyTorch's, via torch.utils.cmake_prefix_path, or
# the one CMake finds by itself) and runs on the GPU:
#   1. dt-golden on every shared fixture (8 architectures, 4 end-to-end cells) in float32, under the CPU's
#      tolerances, and in bfloat16, under the reduced-precision tolerances of include/dt/golden/golden_precision.h;
#   2. dt-bench on a GPT-2-XL-shaped random checkpoint (48 layers, d 1600, 25 heads): SST-2, all 872 queries, k 4,
#      15 steps, bfloat16, fast scoring, with TFLOP/s against a bf16 GEMM measured in the same run; then 64 queries
#      and 3 steps in both scoring modes, which must agree;
#   3. the smoke grid (configs/smoke.toml) through mpirun -np 2 dt-sweep on the one GPU, then dt-report.
# Beside the working tree it needs the payload of tests/device/make_payload.sh (../shared's fixtures, data and GPT-2
# tokenizer; libraries the machine may lack), which it unpacks and uses only for what the machine does not have.
# With no GPU visible it stops at the first GPU call and says why (exit 3). Every stage's output goes to
# $OUT (default /tmp/dt-gpu-check) and a summary closes the log.
# Usage: tests/device/gpu_check.sh [PAYLOAD]      (default .device/payload.tar.xz)
#        DT_GPU_STAGES="golden bench-xl bench-modes sweep" (the default) picks stages; DT_GPU_CMAKE_ARGS adds
#        configure options (e.g. -DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined where cuDNN is missing).
set -uo pipefail
cd "$(dirname "$0")/../.."
PAYLOAD=${1:-.device/payload.tar.xz}
OUT=${OUT:-/tmp/dt-gpu-check}
WORK=${DT_GPU_WORK:-/tmp/dt-gpu-work}
BUILD=${DT_GPU_BUILD:-build-gpu}
JOBS=$(nproc)
STAGES=" ${DT_GPU_STAGES:-golden bench-xl bench-modes sweep} "
want() { [[ "$STAGES" == *" $1 "* ]]; }
mkdir -p "$OUT" "$WORK"
exec > >(tee "$OUT/gpu_check.log") 2>&1
SUMMARY=()
stage() { echo; echo "=== $* ($(date +%T))"; }
record() { SUMMARY+=("$(printf '%-34s %-6s %6ss' "$1" "$2" "$3")"); }
finish() {
  echo; echo "=== summary"; printf '%s\n' "${SUMMARY[@]}"; exit "$1"
}

stage "machine"
nvidia-smi -L 2>/dev/null || echo "nvidia-smi: not available"
g++ --version | head -1; cmake --version | head -1
TORCH_PREFIX=""
if python3 -c 'import torch' 2>/dev/null; then
  TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
  python3 -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda, "GPU visible:", torch.cuda.is_available())'
else
  echo "no PyTorch in python3: building against the LibTorch CMake finds (CMAKE_PREFIX_PATH=${CMAKE_PREFIX_PATH:-})"
fi

stage "payload"
SHARED=""
if [ -f "$PAYLOAD" ]; then
  tar -C "$WORK" -xJf "$PAYLOAD" && SHARED=$WORK/shared && echo "unpacked $PAYLOAD into $WORK"
else
  echo "no payload at $PAYLOAD: using ../shared and the machine's libraries"
  SHARED=$(cd ../shared 2>/dev/null && pwd) || { echo "gpu_check: no payload and no ../shared"; exit 2; }
fi
PREFIX="$TORCH_PREFIX"
missing=()
[ -e /usr/include/toml++/toml.h ] || missing+=(toml++)
[ -e /usr/include/unicode/utypes.h ] || missing+=(ICU)
ls /usr/lib/x86_64-linux-gnu/libboost_program_options.so >/dev/null 2>&1 || missing+=(Boost.Program_options)
if [ ${#missing[@]} -gt 0 ]; then
  [ -d "$WORK/deps/usr" ] || { echo "gpu_check: this machine lacks ${missing[*]} and the payload brings no libraries"; exit 2; }
  echo "this machine lacks ${missing[*]}: using the payload's Debian 12 builds in $WORK/deps"
  PREFIX="$WORK/deps/usr${PREFIX:+;$PREFIX}"
  export LD_LIBRARY_PATH="$WORK/deps/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

stage "configure and build (-j$JOBS)"
SECONDS=0
if cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDT_BUILD_TESTS=OFF -DDT_WERROR=OFF \
     -DCMAKE_PREFIX_PATH="$PREFIX" -DDT_SHARED_DIR="$SHARED" ${DT_GPU_CMAKE_ARGS:-} >"$OUT/configure.log" 2>&1 &&
   cmake --build "$BUILD" -j"$JOBS" --target dt-golden dt-bench dt-sweep dt-report dt-mkmodel >"$OUT/build.log" 2>&1; then
  record "build" ok $SECONDS
  echo "built in $SECONDS s; warnings: $(grep -c 'warning:' "$OUT/build.log")"
else
  record "build" FAILED $SECONDS
  tail -n 40 "$OUT/configure.log" "$OUT/build.log"
  finish 1
fi
BIN=$BUILD/bin
status=0

# One process per fixture, so that a crash in one (reported with its signal) does not hide the others.
golden_on_cuda() {
  local dtype=$1 failed=0 rc
  for f in "${fixtures[@]}"; do
    "$BIN/dt-golden" --device cuda --dtype "$dtype" "$f" | grep -v '^[01] passed, \|^precision: '
    rc=${PIPESTATUS[0]}
    [ "$rc" -eq 2 ] && return 2
    if [ "$rc" -ne 0 ]; then
      failed=$((failed + 1))
      [ "$rc" -gt 128 ] && echo "CRASH $(basename "$f") (signal $((rc - 128)))"
    fi
  done
  echo "$((${#fixtures[@]} - failed)) passed, $failed failed"
  [ "$failed" -eq 0 ]
}
fixtures=()
for f in gpt2 opt opt_350m_style llama gpt_neo gptj bloom gpt_neox; do fixtures+=("$SHARED/golden/$f"); done
for c in "$SHARED"/golden/cells/*/; do [ -f "$c/cell.json" ] && fixtures+=("${c%/}"); done

if want golden; then
  stage "dt-golden on cuda, float32 (README tolerances)"
  SECONDS=0
  golden_on_cuda float32; rc=$?
  if [ $rc -eq 2 ]; then
    record "golden float32" "NO GPU" $SECONDS
    echo "gpu_check: stopping: the first GPU call was refused (above); nothing below can run without a GPU"
    finish 3
  fi
  [ $rc -eq 0 ] && record "golden float32 (${#fixtures[@]} fixtures)" ok $SECONDS || { record "golden float32" FAILED $SECONDS; status=1; }

  stage "dt-golden on cuda, bfloat16 (reduced-precision tolerances)"
  SECONDS=0
  if golden_on_cuda bfloat16; then record "golden bfloat16" ok $SECONDS
  else record "golden bfloat16" FAILED $SECONDS; status=1; fi
fi

# bench_xl LABEL DT-BENCH-OPTIONS...: dt-bench on the GPT-2-XL-shaped random checkpoint, in bfloat16 on the GPU
bench_xl() {
  local label=$1
  shift
  SECONDS=0
  if DT_SHARED_DIR="$SHARED" "$BIN/dt-bench" --device cuda --dtype bfloat16 --layers 48 --hidden 1600 --heads 25 \
       --k 4 --token-budget 16384 --threads "$JOBS" "$@"; then record "$label" ok $SECONDS
  else record "$label" FAILED $SECONDS; status=1; fi
}
if want bench-xl; then
  stage "dt-bench: GPT-2-XL shape, SST-2, 872 queries, k 4, 15 steps, bfloat16, fast scoring"
  bench_xl "bench gpt2-xl bf16 (q872, T15)" --queries 872 --steps 15 --modes fast
fi
if want bench-modes; then
  stage "dt-bench: the same model, 64 queries, 3 steps, both scoring modes (they must agree)"
  bench_xl "bench modes agree (q64, T3)" --queries 64 --steps 3 --modes both
fi

if want sweep; then
  stage "dt-sweep: smoke grid, mpirun -np 2 on the one GPU"
  SECONDS=0
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  rm -rf "$WORK/runs/smoke"
  if mpirun --oversubscribe -np 2 "$BIN/dt-sweep" configs/smoke.toml --output "$WORK/runs/smoke" &&
     "$BIN/dt-report" "$WORK/runs/smoke" --step fixed:3 --output "$WORK/runs/smoke/report" >/dev/null &&
     grep -h "on cuda" "$WORK"/runs/smoke/logs/*.log | head -3; then
    record "sweep smoke -np 2" ok $SECONDS
    head -n 30 "$WORK/runs/smoke/report/report.md" 2>/dev/null
  else record "sweep smoke -np 2" FAILED $SECONDS; status=1; fi
fi
finish $status
