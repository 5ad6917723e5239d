"""The Deep-Thinking algorithm of the released code, run on a model backend, written as a golden fixture.

A backend wraps an independent implementation of one model family (its authors' reference code, or for the families
without one an implementation written from transformers' modeling file) behind two calls:

    backend.forward(ids, past) -> (logits [S, V] float32, new_kv)
        ids: list of token ids; past: None or a list over layers of (K, V), each [1, H_kv, P, D] in HF's layout
        (keys after RoPE, half-split rotary order). The new tokens sit at positions P..P+S-1 and see every past key
        their model's own attention allows (its causal and sliding-window masks). new_kv: the K/V of the S new
        tokens, same layout.
    backend.hf_checkpoint() -> (config dict, {HF tensor name: tensor})
        the same weights in the layout transformers loads (what dt reads).

write_fixture() runs the schema of ../shared/golden/README.md (format deep-thinking-reference-cases/1): the plain
forward, ICL by concatenation and every step of a momentum and a gate run with K/V norms and samples, scores,
predictions and probe logits, all in float32.
"""

import json
import math
import os
import random

import torch

from safetensors_writer import write_safetensors

MOMENTUM_RUN = {"name": "momentum", "mode": "momentum", "iterations": 4, "step_size": 0.01, "momentum": 0.9}
GATE_RUN = {"name": "gate", "mode": "gate", "iterations": 3, "eta": 0.3}
SAMPLE_SEED = 1024


def make_inputs(seed, vocab_size, bos_token_id, demo_length=24, plain_length=16):
    """Token ids for one fixture: a demonstration (BOS first when the family's tokenizer adds one), three queries
    of 2-4 choices each (query 3-7 tokens, choice 1-3 tokens) and a standalone sequence. Ids avoid 0..3 so that no
    special token shows up by chance."""
    rng = random.Random(seed)
    token = lambda: rng.randrange(4, vocab_size)  # noqa: E731
    demo = [token() for _ in range(demo_length)]
    if bos_token_id is not None:
        demo[0] = bos_token_id
    queries = []
    for q in range(3):
        query = [token() for _ in range(rng.randint(3, 7))]
        choices = []
        for _ in range(2 + q % 3):
            ids = query + [token() for _ in range(rng.randint(1, 3))]
            choices.append({"input_ids": ids, "choice_start": len(query), "choice_end": len(ids)})
        queries.append({"choices": choices})
    padded = max(len(c["input_ids"]) for q in queries for c in q["choices"])
    return {
        "demo_ids": demo,
        "pad_token_id": 0,
        "padded_length": padded,
        "batch_size": 2,
        "queries": queries,
        "plain_forward_ids": [token() for _ in range(plain_length)],
    }


def choice_scores(backend, past, queries):
    """lm_log_p (sum of the choice tokens' log-probs) and its mean per query and choice, with `past` before each."""
    lm, norm = [], []
    for q in queries:
        lm_q, norm_q = [], []
        for c in q["choices"]:
            ids, start, end = c["input_ids"], c["choice_start"], c["choice_end"]
            logits, _ = backend.forward(ids, past)
            logp = torch.log_softmax(logits.float(), dim=-1)
            total = sum(float(logp[i - 1, ids[i]]) for i in range(start, end))
            lm_q.append(total)
            norm_q.append(float(torch.tensor(total, dtype=torch.float32) / (end - start)))
        lm.append(lm_q)
        norm.append(norm_q)
    return lm, norm


def argmax_first(values):
    best = 0
    for i, v in enumerate(values):
        if v > values[best]:
            best = i
    return best


def frobenius(t):
    return float(torch.linalg.norm(t.double().flatten()))


def think(backend, demo, run):
    """Yields (KV_t, N_t) for t = 1..iterations: the released code's meta-optimizer over every layer's K and V."""
    _, kv = backend.forward(demo, None)
    kv = [(k.clone(), v.clone()) for k, v in kv]
    yield kv, kv
    momentum = None
    for _ in range(1, run["iterations"]):
        _, full = backend.forward(demo, kv)
        new = [(k.clone(), v.clone()) for k, v in full]
        updated, buffers = [], []
        for layer, (k, v) in enumerate(kv):
            pair = []
            for which, (old, fresh) in enumerate(((k, new[layer][0]), (v, new[layer][1]))):
                if run["mode"] == "gate":
                    pair.append(run["eta"] * fresh + (1 - run["eta"]) * old)
                    continue
                g = fresh - old
                m = g if momentum is None else g + run["momentum"] * momentum[layer][which]
                buffers.append(m)
                pair.append(old + run["step_size"] * m)
            updated.append(tuple(pair))
        if run["mode"] == "momentum":
            momentum = [(buffers[2 * i], buffers[2 * i + 1]) for i in range(len(kv))]
        kv = updated
        yield kv, new


def sample_indices(num_layers, heads, length, dim):
    rng = random.Random(SAMPLE_SEED)
    out = []
    for _ in range(num_layers):
        picks = [[0, 0, 0], [heads - 1, length - 1, dim - 1]]
        picks += [[rng.randrange(heads), rng.randrange(length), rng.randrange(dim)] for _ in range(4)]
        out.append(picks)
    return out


def expected_outputs(backend, inputs, samples):
    demo = inputs["demo_ids"]
    plain_logits, _ = backend.forward(inputs["plain_forward_ids"], None)
    concatenated = [
        {"choices": [{"input_ids": demo + c["input_ids"], "choice_start": c["choice_start"] + len(demo),
                      "choice_end": c["choice_end"] + len(demo)} for c in q["choices"]]}
        for q in inputs["queries"]
    ]
    icl_lm, icl_norm = choice_scores(backend, None, concatenated)
    probe = inputs["queries"][0]["choices"][0]
    runs = {}
    for run in (MOMENTUM_RUN, GATE_RUN):
        iterations = []
        for t, (kv, new) in enumerate(think(backend, demo, run), start=1):
            lm, norm = choice_scores(backend, kv, inputs["queries"])
            probe_logits, _ = backend.forward(probe["input_ids"], kv)
            iterations.append({
                "t": t,
                "k_norm": [frobenius(k) for k, _ in kv],
                "v_norm": [frobenius(v) for _, v in kv],
                "new_k_norm": [frobenius(k) for k, _ in new],
                "new_v_norm": [frobenius(v) for _, v in new],
                "k_samples": [[float(kv[l][0][0, h, s, d]) for h, s, d in samples[l]] for l in range(len(kv))],
                "v_samples": [[float(kv[l][1][0, h, s, d]) for h, s, d in samples[l]] for l in range(len(kv))],
                "lm_log_p": lm,
                "norm_lm_log_p": norm,
                "pred_lm_log_p": [argmax_first(x) for x in lm],
                "pred_norm_lm_log_p": [argmax_first(x) for x in norm],
                "probe_logits": [float(x) for x in probe_logits[probe["choice_end"] - 1]],
            })
        runs[run["name"]] = {"iterations": iterations}
    return {
        "plain_forward_logits": [[float(x) for x in row] for row in plain_logits],
        "icl_concat": {"lm_log_p": icl_lm, "norm_lm_log_p": icl_norm},
        "runs": runs,
    }


def write_fixture(backend, out_dir, seed, disk_dtype):
    """Writes config.json, model.safetensors (`disk_dtype`: torch.float32 or torch.bfloat16; the weights are
    bf16-representable either way, so both spellings hold the same numbers) and cases.json under out_dir."""
    torch.manual_seed(seed)
    config, tensors = backend.hf_checkpoint()
    os.makedirs(out_dir, exist_ok=True)
    config = dict(config, torch_dtype="bfloat16" if disk_dtype == torch.bfloat16 else "float32")
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    write_safetensors(os.path.join(out_dir, "model.safetensors"), {n: t.to(disk_dtype) for n, t in tensors.items()})

    inputs = make_inputs(seed, backend.vocab_size, config.get("bos_token_id") if backend.adds_bos else None)
    L = len(inputs["demo_ids"])
    samples = sample_indices(backend.num_layers, backend.num_kv_heads, L, backend.head_dim)
    probe = inputs["queries"][0]["choices"][0]
    cases = {
        "format": "deep-thinking-reference-cases/1",
        "name": os.path.basename(os.path.normpath(out_dir)),
        "arch": config["model_type"],
        "model_class": backend.reference,
        "kv_native_layout": "bhsd",
        "saved_tensor_names": sorted(tensors),
        "tied_aliases_not_saved": backend.tied_aliases,
        "inputs": inputs,
        "runs": [MOMENTUM_RUN, GATE_RUN],
        "sample_seed": SAMPLE_SEED,
        "kv_canonical_shape": [1, backend.num_kv_heads, L, backend.head_dim],
        "kv_sample_indices": samples,
        "probe": {"query": 0, "choice": 0, "position": probe["choice_end"] - 1},
        "float64_islands": None,
        "reference": {"implementation": backend.reference, "torch_version": torch.__version__, "threads": 1},
        "expected": {"float32": expected_outputs(backend, inputs, samples)},
    }
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")


def bf16_normal(shape, std, mean=0.0):
    """Random weights as the existing fixtures draw them (N(mean, std)), rounded to bfloat16-representable floats."""
    return (torch.randn(shape) * std + mean).to(torch.bfloat16).to(torch.float32)


def check_cache_consistency(backend, ids, split):
    """The backend's forward with a past equals its forward over the whole sequence (the premise of every check)."""
    whole, kv_whole = backend.forward(ids, None)
    _, kv_head = backend.forward(ids[:split], None)
    tail, kv_tail = backend.forward(ids[split:], kv_head)
    gap = float((whole[split:] - tail).abs().max())
    key_gap = max(float((a[0][:, :, split:] - b[0]).abs().max()) for a, b in zip(kv_whole, kv_tail))
    if not (math.isfinite(gap) and gap < 1e-3 and key_gap < 1e-3):
        raise SystemExit(f"{backend.reference}: forward with a past differs from the whole forward "
                         f"(logits {gap}, keys {key_gap})")
