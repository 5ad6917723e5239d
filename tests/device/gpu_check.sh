#!/usr/bin/env bash
# GPU check: builds dt against this machine's LibTorch with CUDA (PyTorch's, via torch.utils.cmake_prefix_path, or
# the one CMake finds by itself) and runs on the GPU, in at most about 8 minutes on an H100 / H200:
#   1. dt-golden on every shared fixture (8 architectures, 4 end-to-end cells), one process per lane: float32 under
#      the CPU's tolerances; bfloat16 with the default attention (fused where LibTorch >= 2.1) and with dt's matmul
#      attention, under the reduced-precision tolerances; int8 weights in bfloat16 under the int8 tolerances (all in
#      include/dt/golden/golden_precision.h). A lane whose process dies is run again fixture by fixture to name the
#      crashing one, which then runs once more with CUDA_LAUNCH_BLOCKING=1 and once on the CPU: the crash report
#      (dt/util/crash_report.h: signal, address, backtrace) and the CPU's verdict tell a CUDA fault from the machine's
#      libraries;
#   2. dt-bench on a GPT-2-XL-shaped random checkpoint (48 layers, d 1600, 25 heads): SST-2, all 872 queries, k 4,
#      15 steps, bfloat16, fast scoring, tokens per forward chosen from the device, TFLOP/s against a bf16 GEMM
#      measured in the same run; with the fused attention (the default), with dt's matmul attention, and with int8
#      weights (memory and time); then 64 queries and 3 steps in both scoring modes, which must agree;
#   3. dt-bench on LLaMA-2-7B's layer shape (d 4096, 32 heads, FFN 11008, bf16 on disk; 16 of its 32 layers, under
#      the 8 GiB cap of synthetic checkpoints; GPT-2's vocabulary, which the bench's tokenizer needs), native and int8;
#   4. the smoke grid (configs/smoke.toml) through mpirun -np 2 dt-sweep on the one GPU, then dt-report.
# Each dt-bench run prints the private host memory and the device memory that loading the model added, and the device
# memory in use after evaluating (PyTorch's cache keeps its peak).
# Beside the working tree it needs the payload of tests/device/make_payload.sh (../shared's fixtures, data and GPT-2
# tokenizer; libraries the machine may lack), which it unpacks and uses only for what the machine does not have.
# With no GPU visible it stops at the first GPU call and says why (exit 3). Every stage's output goes to
# $OUT (default /tmp/dt-gpu-check) and a summary closes the log.
# Usage: tests/device/gpu_check.sh [PAYLOAD]      (default .device/payload.tar.xz)
#        DT_GPU_STAGES="golden bench-xl bench-modes bench-llama sweep" (the default) picks stages; DT_GPU_CMAKE_ARGS adds
#        configure options (e.g. -DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined where cuDNN is missing).
set -uo pipefail
cd "$(dirname "$0")/../.."
PAYLOAD=${1:-.device/payload.tar.xz}
OUT=${OUT:-/tmp/dt-gpu-check}
WORK=${DT_GPU_WORK:-/tmp/dt-gpu-work}
BUILD=${DT_GPU_BUILD:-build-gpu}
JOBS=$(nproc)
STAGES=" ${DT_GPU_STAGES:-golden bench-xl bench-modes bench-llama sweep} "
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

fixtures=()
for f in gpt2 opt opt_350m_style llama gpt_neo gptj bloom gpt_neox; do fixtures+=("$SHARED/golden/$f"); done
for c in "$SHARED"/golden/cells/*/; do [ -f "$c/cell.json" ] && fixtures+=("${c%/}"); done

# golden_lane LABEL DT-GOLDEN-OPTIONS...: every fixture in one process; if it dies, fixture by fixture to name the
# crash, which then runs with CUDA_LAUNCH_BLOCKING=1 and on the CPU. Returns 2 when the GPU was refused.
golden_lane() {
  local label=$1 rc f
  shift
  stage "dt-golden on cuda: $label"
  SECONDS=0
  "$BIN/dt-golden" --device cuda "$@" "${fixtures[@]}" | grep -v '^precision: '
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 2 ]; then record "golden $label" "NO GPU" $SECONDS; return 2; fi
  if [ "$rc" -gt 128 ]; then
    echo "the lane died of signal $((rc - 128)); fixture by fixture:"
    for f in "${fixtures[@]}"; do
      "$BIN/dt-golden" --device cuda "$@" "$f" > "$OUT/one.log" 2>&1
      rc=$?
      grep '^PASS\|^FAIL\|^ERROR' "$OUT/one.log"
      [ "$rc" -gt 128 ] || continue
      echo "CRASH $(basename "$f") (signal $((rc - 128))); its report:"; cat "$OUT/one.log"
      echo "--- again with CUDA_LAUNCH_BLOCKING=1:"; CUDA_LAUNCH_BLOCKING=1 "$BIN/dt-golden" --device cuda "$@" "$f" 2>&1 | tail -n 40
      echo "--- on the CPU of this machine:"; "$BIN/dt-golden" --device cpu "$@" "$f" 2>&1 | tail -n 40
    done
    rc=1
  fi
  if [ "$rc" -eq 0 ]; then record "golden $label" ok $SECONDS; else record "golden $label" FAILED $SECONDS; status=1; fi
}

if want golden; then
  golden_lane "float32" --dtype float32
  if [ $? -eq 2 ]; then
    echo "gpu_check: stopping: the first GPU call was refused (above); nothing below can run without a GPU"
    finish 3
  fi
  golden_lane "bfloat16 (default attention)" --dtype bfloat16
  golden_lane "bfloat16 matmul attention" --dtype bfloat16 --attention matmul
  golden_lane "bfloat16 int8 weights" --dtype bfloat16 --weights int8
fi

# bench_xl LABEL DT-BENCH-OPTIONS...: dt-bench on the GPT-2-XL-shaped random checkpoint, in bfloat16 on the GPU
bench_xl() {
  local label=$1
  shift
  SECONDS=0
  if DT_SHARED_DIR="$SHARED" "$BIN/dt-bench" --device cuda --dtype bfloat16 --layers 48 --hidden 1600 --heads 25 \
       --k 4 --threads "$JOBS" "$@"; then record "$label" ok $SECONDS
  else record "$label" FAILED $SECONDS; status=1; fi
}
if want bench-xl; then
  stage "dt-bench: GPT-2-XL shape, SST-2, 872 queries, k 4, 15 steps, bfloat16, fast scoring"
  bench_xl "bench gpt2-xl bf16 (q872, T15)" --queries 872 --steps 15 --modes fast
  stage "dt-bench: the same with dt's matmul attention"
  bench_xl "bench gpt2-xl bf16 matmul" --queries 872 --steps 15 --modes fast --attention matmul
  stage "dt-bench: the same with int8 weights"
  bench_xl "bench gpt2-xl bf16 int8" --queries 872 --steps 15 --modes fast --weights int8
fi
if want bench-modes; then
  stage "dt-bench: the same model, 64 queries, 3 steps, both scoring modes (they must agree)"
  bench_xl "bench modes agree (q64, T3)" --queries 64 --steps 3 --modes both
fi

# LLaMA-2-7B's layers (16 of 32): the GEMM share per layer, and int8's memory against bfloat16's
bench_llama() {
  local label=$1
  shift
  SECONDS=0
  if DT_SHARED_DIR="$SHARED" "$BIN/dt-bench" --device cuda --dtype bfloat16 --arch llama --layers 16 --hidden 4096 \
       --heads 32 --ffn 11008 --vocab 50257 --positions 4096 --disk-dtype BF16 --k 4 --threads "$JOBS" \
       --queries 872 --steps 15 --modes fast "$@"; then record "$label" ok $SECONDS
  else record "$label" FAILED $SECONDS; status=1; fi
}
if want bench-llama; then
  stage "dt-bench: LLaMA-2-7B layer shape (16 layers), SST-2, 872 queries, k 4, 15 steps, bfloat16"
  bench_llama "bench llama-7b-layers bf16"
  stage "dt-bench: the same with int8 weights"
  bench_llama "bench llama-7b-layers int8" --weights int8
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
