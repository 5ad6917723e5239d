#!/usr/bin/env bash
# dt-run end to end on a checkpoint laid out like the Hub's facebook/opt-125m before safetensors: config.json,
# pytorch_model.bin (written by Python's torch.save, Debian's python3-torch) and OPT's tokenizer file set
# (tests/data/opt_tokenizer: vocab.json, merges.txt, tokenizer_config.json with add_bos_token, special_tokens_map.json;
# the config's vocabulary is larger than the tokenizer's, as OPT's), next to its safetensors twin; plus a sharded
# pytorch_model.bin.index.json twin. The three result files must hold identical
# scores and predictions (checked with python3-h5py, not dt). Usage: dt_run_torch_bin.sh BUILD_BIN_DIR SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2> /dev/null; then
  if [ "${CI:-}" = true ]; then echo "CI=true but $python cannot import torch" >&2; exit 1; fi
  echo "skipping: $python cannot import torch (apt-get install python3-torch)"; exit 77
fi
work=$(mktemp -d /tmp/dt-e2e-bin-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin/dt-mkmodel" --arch opt --layers 2 --hidden 64 --heads 4 --vocab 280 --positions 256 --bos 2 --eos 2 --pad 1 \
  --no-tokenizer --out "$work/opt-st" > /dev/null
cp "$src"/tests/data/opt_tokenizer/*.json "$src"/tests/data/opt_tokenizer/merges.txt "$work/opt-st/"
mkdir "$work/opt-bin" "$work/opt-sharded"
for f in "$work"/opt-st/*; do
  case "$(basename "$f")" in model.safetensors) ;; *) cp "$f" "$work/opt-bin/"; cp "$f" "$work/opt-sharded/" ;; esac
done
"$python" - "$src/tests/checkpoint" "$work" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[1])
import torch
from write_torch_twins import read_safetensors
work = sys.argv[2]
tensors = read_safetensors(os.path.join(work, "opt-st", "model.safetensors"))
torch.save(tensors, os.path.join(work, "opt-bin", "pytorch_model.bin"))
names, weight_map = list(tensors), {}
for i in range(2):
    shard = "pytorch_model-%05d-of-00002.bin" % (i + 1)
    torch.save({n: tensors[n] for n in names[i::2]}, os.path.join(work, "opt-sharded", shard))
    weight_map.update({n: shard for n in names[i::2]})
json.dump({"metadata": {}, "weight_map": weight_map}, open(os.path.join(work, "opt-sharded", "pytorch_model.bin.index.json"), "w"))
PY
for m in opt-st opt-bin opt-sharded; do
  "$bin/dt-run" --model "$work/$m" --task "$src/jobs/sst2.toml" --data-root "$src/data/sample" --seed 1 --k 1 --steps 3 \
    --max-queries 24 --model-name opt-tiny --output "$work/$m.h5" > /dev/null
done
/usr/bin/python3 - "$work" <<'PY'
import sys
import h5py
import numpy as np
work = sys.argv[1]
files = {m: h5py.File("%s/%s.h5" % (work, m), "r") for m in ("opt-st", "opt-bin", "opt-sharded")}
base = files["opt-st"]
for m in ("opt-bin", "opt-sharded"):
    for name in ("scores/lm_log_p", "scores/norm_lm_log_p", "predictions/lm_log_p", "accuracy/norm_lm_log_p"):
        assert np.array_equal(files[m][name][:], base[name][:]), (m, name)
assert base["scores/lm_log_p"].shape == (3, 24, 2)
assert not np.isnan(base["scores/lm_log_p"][:]).any()
print("PASS: pytorch_model.bin and its shards score exactly like model.safetensors")
PY
