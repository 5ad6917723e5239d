#!/usr/bin/env bash
# dt-run end to end on real text: a generated GPT-2-architecture model with the real GPT-2 tokenizer
# (../shared/tokenizers/gpt2) on the first 64 SST-2 validation rows, k = 1, T = 3; the result file is then checked
# with Debian's python3-h5py and no dt code: shapes, accuracy = mean(prediction == gold) for both scores, and step 1
# equal to a run with T = 1. Usage: dt_run_sst2.sh BUILD_BIN_DIR SOURCE_DIR SHARED_DIR
set -euo pipefail
bin=$1
src=$2
shared=$3
work=$(mktemp -d /tmp/dt-e2e-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin/dt-mkmodel" --arch gpt2 --layers 2 --hidden 64 --heads 4 --vocab 50257 --positions 1024 --no-tokenizer --out "$work/model" > /dev/null
run() {  # STEPS OUTPUT
  "$bin/dt-run" --model "$work/model" --tokenizer "$shared/tokenizers/gpt2" --task "$src/jobs/sst2.toml" --data-root "$shared/data" \
    --seed 0 --k 1 --steps "$1" --max-queries 64 --output "$2" > /dev/null 2>&1
}
run 3 "$work/t3.h5"
run 1 "$work/t1.h5"
/usr/bin/python3 - "$work/t3.h5" "$work/t1.h5" <<'PY'
import json, sys
import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f, h5py.File(sys.argv[2], "r") as one:
    assert f.attrs["format"] == "dt-cell/1"
    assert len(f.attrs["key"]) == 64
    config = json.loads(f.attrs["config"])
    assert config["k"] == 1 and config["steps"] == 3 and config["max_queries"] == 64
    assert list(f.attrs["demo_pool_indices"]) == [62556, 45213]  # the reference's picks for seed 0, k 1
    assert list(f.attrs["label_words"]) == ["negative", "positive"]
    assert list(f["steps"][:]) == [1, 2, 3]
    assert list(f["queries/eval_row"][:]) == list(range(64))
    answers = f["queries/answer"][:]
    assert answers.shape == (64,)
    for score in ("lm_log_p", "norm_lm_log_p"):
        scores = f["scores/" + score][:]
        assert scores.shape == (3, 64, 2), scores.shape
        predictions = f["predictions/" + score][:]
        assert predictions.shape == (3, 64)
        assert (predictions == scores.argmax(axis=2)).all()
        accuracy = f["accuracy/" + score][:]
        assert accuracy.shape == (3,)
        assert np.allclose(accuracy, (predictions == answers).mean(axis=1), rtol=0, atol=1e-12), (accuracy, (predictions == answers).mean(axis=1))
        assert np.array_equal(one["scores/" + score][0], scores[0]), "step 1 differs from a run with T = 1"
        assert np.array_equal(one["predictions/" + score][0], predictions[0])
    for stat in ("k_norm", "v_norm", "k_grad_norm", "v_grad_cosine"):
        assert f["think/" + stat].shape == (3, 2)
    assert np.isnan(f["think/k_grad_norm"][0]).all() and not np.isnan(f["think/k_grad_norm"][1:]).any()
print("PASS: the dt-run result file reads and checks out in h5py")
PY
