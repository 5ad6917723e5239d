#!/usr/bin/env bash
# Writes OUTDIR/libcudnn.so.9, a stand-in for NVIDIA's cuDNN 9 that is only good for running a CUDA LibTorch's
# programs on the CPU where cuDNN is not installed: Debian's libtorch_cuda.so names libcudnn.so.9 and is linked with
# BIND_NOW, so without some libcudnn.so.9 exporting every cudnn* function it imports, no program linked with LibTorch
# starts. The stand-in exports exactly those (with their libcudnn.so.9 symbol version); each one aborts with a message
# if called. Put OUTDIR on LD_LIBRARY_PATH for the run; never install it.
#   scripts/cudnn-stub.sh OUTDIR [LIBTORCH_CUDA_SO]   (default: the libtorch_cuda.so that ldconfig knows)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [LIBTORCH_CUDA_SO]" >&2; exit 2; }
out=$1
torch_cuda=${2:-$(ldconfig -p | awk '$1 ~ /^libtorch_cuda\.so/ { print $NF; exit }')}
[ -f "$torch_cuda" ] || { echo "$0: no libtorch_cuda.so found (is libtorch-cuda-dev installed?)" >&2; exit 1; }
symbols=$(readelf --dyn-syms -W "$torch_cuda" |
  awk '$7 == "UND" && $8 ~ /^cudnn[A-Za-z0-9_]*@libcudnn\.so\.9$/ { sub(/@.*/, "", $8); print $8 }' | sort -u)
[ -n "$symbols" ] || { echo "$0: $torch_cuda imports nothing from libcudnn.so.9" >&2; exit 1; }
mkdir -p "$out"
{
  cat << 'C'
#include <stdio.h>
#include <stdlib.h>
static void called(const char* name) {
  fprintf(stderr, "%s: this libcudnn.so.9 is a stub (scripts/cudnn-stub.sh); install cuDNN\n", name);
  abort();
}
C
  for symbol in $symbols; do echo "void $symbol(void) { called(\"$symbol\"); }"; done
} > "$out/cudnn_stub.c"
{
  echo 'libcudnn.so.9 {'
  echo '  global:'
  for symbol in $symbols; do echo "    $symbol;"; done
  echo '  local: *;'
  echo '};'
} > "$out/cudnn_stub.map"
cc -shared -fPIC -O1 -o "$out/libcudnn.so.9" -Wl,-soname,libcudnn.so.9 -Wl,--version-script="$out/cudnn_stub.map" \
  "$out/cudnn_stub.c"
echo "$out/libcudnn.so.9: $(wc -w <<< "$symbols") cuDNN functions, each aborting if called"
