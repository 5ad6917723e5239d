#!/usr/bin/python3
"""Writes tests/golden/v3_cells/<cell>/cell.json: end-to-end cells (format deep-thinking-e2e-cell/1, the schema of
../shared/golden/cells/README.md) for cards of the authors' later task suite (Yangjiaxi/DeepThinking, tasks/), from
the synthetic rows of tests/data/v3 to the scores of every query and choice after every Deep-Thinking step.
`dt-golden tests/golden/v3_cells/<cell>` checks dt against them.

    mkdir -p /tmp/dt_v3_cells_node && (cd /tmp/dt_v3_cells_node && npm install --no-audit --no-fund js-tiktoken)
    /usr/bin/python3 tests/reference/make_v3_cells.py --node-modules /tmp/dt_v3_cells_node/node_modules

(--mirror / --reference / --commit as tests/reference/v3_task_golden.py; --shared DIR if ../shared is elsewhere;
--only CELL ...; --no-self-check skips the preflight below.) Debian's python3 (numpy, torch 1.13), one CPU thread.

Independent pieces, none of them dt:
* Strings: the authors' task classes, imported at run time from an extraction of their repository (loaded the way
  v3_task_golden.py loads them, with its stubs and its Python 3.10 `random.sample`), called as their
  core.run_selective_task calls them: Cls("default"), set_seed(seed), do_load(), make_inference_dataset(tokenizer),
  then random_selected_exemplars(k) (MMLU: the k = 5 dev rows, per-draw seeding) or handcrafted_exemplars() (BBH: the
  written demonstrations shuffled by the seed). Their TokenizedForMCRightPad builds the ids, choice spans, right
  padding and masks; their do_infer_probs (core.py) scores; their post_process predicts. Nothing of theirs is copied.
* Tokens: OpenAI's r50k_base ranks through js-tiktoken (node; the files dt reads, ../shared/tokenizers/gpt2, are not
  used), handed to their loader through a small adapter with the GPT-2 tokenizer's conventions (no special tokens
  added, pad = eos = 50256, right padding).
* Model: ../shared/golden/cells/model_gpt2 (tiny random GPT-2, real vocabulary) run by GPT2Semantics below, a
  plain-PyTorch GPT-2 written from transformers 4.31's modeling_gpt2.py (learned positions continuing after the past,
  Conv1D addmm, gelu_new, causal `where` then the additive padding mask, tied lm_head).
* Deep-Thinking: deep_thinking_reference.think (momentum, step_size 0.01, momentum 0.9, T = 3), cross-checked
  against their models/meta_optimizer.AttnOptimWrapper on the same model (diagnostics.kv_*_vs_authors_meta_optimizer).

Preflight (--no-self-check skips it): the GPT-2 implementation and the scoring path recompute the expected scores of
../shared/golden/cells/copa_s2_k2 and trec_s1_k1 (made with real transformers) from their ids, and js-tiktoken
re-tokenizes their strings; any difference beyond the cells' tolerance stops the run.

The cells run every query when a card has fewer than N = 16 (these synthetic splits have 4-8), in file order (these
tasks draw no eval sample). The fixture holds the rows inline (data.synthetic, data.rows) and references the model
and the tokenizer files in ../shared as "$DT_SHARED_DIR/..." (dt-golden reads the variable; ctest sets it); the
weights are not copied. A written card has no pool file: data.rows.pool is empty, the pool is the
card's written demonstrations (data.pool_rows_total of them) and demonstration answer_idx is the answer's index in
the class's CHOICES where it has them, else 0 (the written answer is the demonstration's only choice).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import v3_task_golden as v3  # noqa: E402
from backend_hf_semantics import load_checkpoint  # noqa: E402
from deep_thinking_reference import argmax_first, choice_scores, frobenius, think  # noqa: E402
from reference_support import install_stubs  # noqa: E402

REPO = HERE.parent.parent
GENERATOR = "tests/reference/make_v3_cells.py"
FORMAT = "deep-thinking-e2e-cell/1"
N_QUERIES = 16
RUN = {"name": "momentum", "mode": "momentum", "iterations": 3, "step_size": 0.01, "momentum": 0.9}
BATCH_SIZE = 32
PAD_ID = 50256  # GPT-2: the released code sets pad_token = eos_token
SELF_CHECK_CELLS = ("copa_s2_k2", "trec_s1_k1")

# name: (dt card relative to jobs/ without .toml, their registry name, kind, seed, k, method, eval file, pool file)
CELLS = {
    "mmlu_anatomy_s1_k5": ("mmlu/anatomy", "anatomy", "mmlu", 1, 5, "random",
                           "mmlu/anatomy/test.jsonl", "mmlu/anatomy/dev.jsonl"),
    "bbh_date_understanding_s0_k3": ("bbh/date_understanding", "date_understanding", "bbh", 0, 3, "written",
                                     "bbh/date_understanding.jsonl", None),
    "bbh_navigate_s2_k3": ("bbh/navigate", "navigate", "bbh", 2, 3, "written", "bbh/navigate.jsonl", None),
}


# ---------------------------------------------------------------------------------------------------------------
# GPT-2 from transformers' semantics


class GPT2Semantics:
    """GPT2LMHeadModel (transformers 4.31 modeling_gpt2.py, eval mode) in plain PyTorch, in `dtype`.

    forward(ids [B, S], past, attention_mask [B, P+S] or None) -> (logits [B, S, V], present): past / present are
    per layer (K, V) [B, H, P(+S), D]; positions P..P+S-1 (GPT2Model: arange(past_length, past_length + S), whatever
    the mask); attention = softmax(where(causal, q k^T / sqrt(D), finfo.min) + (1 - mask) * finfo.min) v."""

    def __init__(self, config, tensors, dtype):
        if config.get("activation_function") != "gelu_new" or config.get("scale_attn_by_inverse_layer_idx") or \
                config.get("reorder_and_upcast_attn") or not config.get("scale_attn_weights", True):
            raise SystemExit("GPT2Semantics implements gelu_new with the default attention scaling only")
        self.dtype = dtype
        self.t = {n: v.to(dtype) for n, v in tensors.items()}
        self.n_layer, self.n_head, self.n_embd = config["n_layer"], config["n_head"], config["n_embd"]
        self.head_dim = self.n_embd // self.n_head
        self.eps = config["layer_norm_epsilon"]
        self.wte = self.t["transformer.wte.weight"]
        self.lm_head = self.t.get("lm_head.weight", self.wte)  # tied: not saved

    def _ln(self, x, name):
        return torch.nn.functional.layer_norm(x, (self.n_embd,), self.t[name + ".weight"], self.t[name + ".bias"],
                                              self.eps)

    def _conv1d(self, x, name):  # transformers' Conv1D: addmm(bias, x.view(-1, nx), weight), weight [nx, nf]
        w, b = self.t[name + ".weight"], self.t[name + ".bias"]
        return torch.addmm(b, x.reshape(-1, x.shape[-1]), w).view(*x.shape[:-1], w.shape[1])

    @staticmethod
    def _gelu_new(x):
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))

    def forward(self, ids, past=None, attention_mask=None):
        B, S = ids.shape
        P = 0 if past is None else past[0][0].shape[-2]
        positions = torch.arange(P, P + S)
        h = self.wte[ids] + self.t["transformer.wpe.weight"][positions]
        minimum = torch.finfo(self.dtype).min
        causal = torch.tril(torch.ones(P + S, P + S, dtype=torch.bool))[P:P + S, :]
        additive = None
        if attention_mask is not None:
            additive = (1.0 - attention_mask[:, None, None, :].to(self.dtype)) * minimum
        present = []
        for layer in range(self.n_layer):
            p = f"transformer.h.{layer}."
            q, k, v = self._conv1d(self._ln(h, p + "ln_1"), p + "attn.c_attn").split(self.n_embd, dim=2)
            q, k, v = (x.view(B, S, self.n_head, self.head_dim).permute(0, 2, 1, 3) for x in (q, k, v))
            if past is not None:
                k = torch.cat((past[layer][0].to(self.dtype), k), dim=-2)
                v = torch.cat((past[layer][1].to(self.dtype), v), dim=-2)
            present.append((k, v))
            w = torch.matmul(q, k.transpose(-1, -2)) / torch.full([], v.size(-1) ** 0.5, dtype=self.dtype)
            w = torch.where(causal, w, torch.full([], minimum, dtype=self.dtype))
            if additive is not None:
                w = w + additive
            w = torch.softmax(w, dim=-1)
            a = torch.matmul(w, v).permute(0, 2, 1, 3).reshape(B, S, self.n_embd)
            h = h + self._conv1d(a, p + "attn.c_proj")
            m = self._gelu_new(self._conv1d(self._ln(h, p + "ln_2"), p + "mlp.c_fc"))
            h = h + self._conv1d(m, p + "mlp.c_proj")
        h = self._ln(h, "transformer.ln_f")
        return torch.matmul(h, self.lm_head.t()), present

    # what their code calls: model(input_ids=..., attention_mask=..., past_key_values=..., use_cache=...)
    def __call__(self, input_ids, attention_mask=None, past_key_values=None, use_cache=None):
        logits, present = self.forward(input_ids, past_key_values, attention_mask)
        return types.SimpleNamespace(logits=logits, past_key_values=present)


class Backend:
    """deep_thinking_reference's backend interface over GPT2Semantics: forward(ids list, past [(K, V) [1,H,P,D]])
    -> (logits [S, V], K/V of the S new tokens)."""

    def __init__(self, model):
        self.model = model

    def forward(self, ids, past):
        P = 0 if past is None else past[0][0].shape[-2]
        logits, present = self.model.forward(torch.tensor([ids], dtype=torch.long), past)
        return logits[0], [(k[:, :, P:, :], v[:, :, P:, :]) for k, v in present]


# ---------------------------------------------------------------------------------------------------------------
# r50k_base through js-tiktoken

NODE_PROGRAM = r"""
const path = require("node:path");
const nm = process.argv[1];
(async () => {
  const { Tiktoken } = await import(path.join(nm, "js-tiktoken/dist/lite.js"));
  const ranks = (await import(path.join(nm, "js-tiktoken/dist/ranks/r50k_base.js"))).default;
  const version = require(path.join(nm, "js-tiktoken/package.json")).version;
  const enc = new Tiktoken(ranks);
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  const texts = JSON.parse(input);
  process.stdout.write(JSON.stringify({ version, ids: texts.map((t) => enc.encode(t)) }));
})();
"""


class R50k:
    """GPT-2 ids of texts from js-tiktoken's r50k_base (batched node calls, cached)."""

    def __init__(self, node_modules):
        self.node_modules = str(Path(node_modules).resolve())
        if not Path(self.node_modules, "js-tiktoken", "dist", "ranks", "r50k_base.js").exists():
            raise SystemExit(f"{self.node_modules}: no js-tiktoken with r50k_base ranks (see the usage at the top)")
        self.cache, self.version = {}, None

    def prefetch(self, texts):
        todo = sorted({t for t in texts if t not in self.cache})
        if not todo:
            return
        run = subprocess.run(["node", "-e", NODE_PROGRAM, self.node_modules], input=json.dumps(todo),
                             capture_output=True, text=True, encoding="utf-8")
        if run.returncode != 0:
            raise SystemExit(f"node / js-tiktoken failed: {run.stderr.strip()}")
        out = json.loads(run.stdout)
        self.version = out["version"]
        self.cache.update(zip(todo, out["ids"]))

    def ids(self, text):
        if text not in self.cache:
            self.prefetch([text])
        return list(self.cache[text])


class Encoding(dict):
    """BatchEncoding-like: e["input_ids"] and e.input_ids."""
    __getattr__ = dict.__getitem__


class GPT2TokenizerAdapter:
    """The calls their TokenizedForMCRightPad / tokenize_demonstration make on the released code's GPT-2 tokenizer
    (AutoTokenizer, padding_side right, pad_token = eos_token): GPT-2 adds no special tokens either way, so the
    ids are r50k_base's; padding="max_length" appends pad ids (attention 0) up to max_length, never truncates."""

    def __init__(self, r50k, pad_id):
        self.r50k, self.pad_id = r50k, pad_id

    def encode(self, text):
        return self.r50k.ids(text)

    def __call__(self, text, add_special_tokens=True, padding=False, max_length=None):
        ids = self.r50k.ids(text)
        mask = [1] * len(ids)
        if padding == "max_length" and max_length is not None and len(ids) < max_length:
            extra = max_length - len(ids)
            ids, mask = ids + [self.pad_id] * extra, mask + [0] * extra
        elif padding not in (False, "max_length"):
            raise ValueError(f"padding={padding!r} not implemented")
        return Encoding(input_ids=ids, attention_mask=mask)

    def convert_ids_to_tokens(self, ids, skip_special_tokens=False):
        return [str(int(i)) for i in ids]  # only used for a debug print they left commented out


# ---------------------------------------------------------------------------------------------------------------
# their code


def extract_reference(args):
    """(reference dir, commit, keep-alive) with tasks/, utils/, anchor.py, core.py and models/."""
    if args.reference:
        ref, commit, keep = v3.resolve_reference(args)
    else:
        mirror = args.mirror or v3.MIRROR_DEFAULT
        commit = subprocess.run(["git", "-C", mirror, "rev-parse", "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
        keep = tempfile.TemporaryDirectory(prefix="dt_v3_cells_ref_")
        archive = subprocess.run(["git", "-C", mirror, "archive", commit, "--", "tasks", "utils", "anchor.py",
                                  "core.py", "models"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", keep.name], input=archive, check=True)
        ref = keep.name
    for need in ("core.py", "models/meta_optimizer.py"):
        if not os.path.exists(os.path.join(ref, need)):
            raise SystemExit(f"{ref}: no {need}")
    return ref, commit, keep


def import_core(reference_dir):
    """Their core.py (do_infer_probs) and models/meta_optimizer.py. Stubs: `accelerate` (find_executable_batch_size,
    utils.gather_object: only run_selective_task uses them), `common` (AdvantageLogger: idem; the real module pulls in
    rich and their task registry's logging), and a `models` package that is only a path to their models/ folder (its
    __init__ imports deepspeed and transformers for loading real checkpoints)."""
    install_stubs("v3_cells", {
        "accelerate/__init__.py": "def find_executable_batch_size(function=None, starting_batch_size=128):\n"
                                  "    raise RuntimeError('stub accelerate: not used here')\n",
        "accelerate/utils.py": "def gather_object(x):\n    return x\n",
        "common.py": "class AdvantageLogger:\n    pass\n",
    })
    models = types.ModuleType("models")
    models.__path__ = [os.path.join(reference_dir, "models")]
    sys.modules["models"] = models
    import core
    import models.meta_optimizer as meta_optimizer
    return core, meta_optimizer


def capture_exemplars(task):
    """Wraps task.build_exemplar_from_examples to remember which examples the exemplar call picked, in order."""
    picked = {}
    original = task.build_exemplar_from_examples

    def build(prefix, selected_examples):
        picked["examples"] = list(selected_examples)
        picked["prefix"] = prefix
        return original(prefix, selected_examples)

    task.build_exemplar_from_examples = build
    return picked


# ---------------------------------------------------------------------------------------------------------------
# one cell


def their_strings(tasks_pkg, name, kind, registry, seed, k, method, inf, samp, data_root, r50k):
    """Everything their code builds for the cell: task object, dataset (TokenizedForMCRightPad), demonstration
    string and the picked examples with their pool indices."""
    cls = tasks_pkg.TASK_REGISTRY[registry][0]
    v3.stage_files(cls, registry, kind, data_root, inf, samp)
    task = cls("default")
    task.set_seed(seed)
    task.do_load()
    texts = []
    for ex in task.raw_data_inference:
        texts.append(task.promptify_input(ex["query"]))
        texts += [task.promptify_input_with_choice(ex["query"], c) for c in ex["choices"]]
    r50k.prefetch(texts)
    dataset = task.make_inference_dataset(GPT2TokenizerAdapter(r50k, PAD_ID))
    picked = capture_exemplars(task)
    if method == "random":
        demonstration = task.random_selected_exemplars(k)
        pool = task.raw_data_sampling
        indices = [next(i for i, row in enumerate(pool) if row is e) for e in picked["examples"]]
        demos = [{"pool_index": i, "query": pool[i]["query"], "answer_idx": pool[i]["answer_idx"],
                  "answer": pool[i]["choices"][pool[i]["answer_idx"]]} for i in indices]
        pool_total = len(pool)
    elif method == "written":
        written = task.task_prepared_examplars()
        if k != len(written):
            raise SystemExit(f"{name}: k = {k}, their class writes {len(written)} demonstrations")
        demonstration = task.handcrafted_exemplars()
        indices = [written.index(e) for e in picked["examples"]]
        if len(set(written)) != len(written):
            raise SystemExit(f"{name}: written demonstrations not distinct")
        choices = task.CHOICES if isinstance(task.CHOICES, list) else None
        demos = [{"pool_index": i, "query": written[i][0], "answer_idx": choices.index(written[i][1]) if choices else 0,
                  "answer": written[i][1]} for i in indices]
        pool_total = len(written)
    else:
        raise ValueError(method)
    if picked["prefix"]:
        raise SystemExit(f"{name}: their task_prefix is {picked['prefix']!r}; the cell format has no prefix")
    return task, dataset, demonstration, demos, pool_total


def run_steps(core, model, backend, dataset, demo_ids, demo_mask, n_queries):
    """Per step t: (kv, [(lm_log_p list, norm list) per query]) with their do_infer_probs over their DataLoader."""
    from torch.utils.data import DataLoader

    loader = DataLoader(dataset, shuffle=False, drop_last=False, batch_size=BATCH_SIZE, num_workers=0)
    steps = []
    for kv, _new in think(backend, demo_ids, RUN):
        generated = []
        for batch_input in loader:
            batch_output = core.do_infer_probs(model, kv, demo_mask.unsqueeze(0), batch_input)
            generated.extend(zip(*batch_output))
        steps.append(([(k.clone(), v.clone()) for k, v in kv], generated[:n_queries]))
    return steps


def authors_meta_optimizer_kvs(meta_optimizer, model, demo_ids):
    optim = meta_optimizer.AttnOptimWrapper(model, step_size=RUN["step_size"], momentum=RUN["momentum"])
    optim.init()
    return [[(k.clone(), v.clone()) for k, v in optim.step(demo_ids)] for _ in range(RUN["iterations"])]


def step_record(t, kv, generated, task, answers):
    lm = [[c["lm_log_p"] for c in q] for q in generated]
    norm = [[c["norm_lm_log_p"] for c in q] for q in generated]
    pred_lm, pred_norm = [], []
    for q in generated:
        p = task.choice_info_to_predictions(task.merge_choice_info(q))  # their np.argmax: first index wins ties
        pred_lm.append(p["lm_log_p"])
        pred_norm.append(p["norm_lm_log_p"])
    if pred_lm != [argmax_first(x) for x in lm] or pred_norm != [argmax_first(x) for x in norm]:
        raise SystemExit("their np.argmax and argmax_first disagree")
    n = len(generated)
    correct_lm = sum(int(p == a) for p, a in zip(pred_lm, answers))
    correct_norm = sum(int(p == a) for p, a in zip(pred_norm, answers))

    def gap(rows):
        return min(sorted(r, reverse=True)[0] - sorted(r, reverse=True)[1] for r in rows)

    return {
        "t": t, "lm_log_p": lm, "norm_lm_log_p": norm, "pred_lm_log_p": pred_lm, "pred_norm_lm_log_p": pred_norm,
        "correct_lm_log_p": correct_lm, "correct_norm_lm_log_p": correct_norm,
        "acc_lm_log_p": correct_lm / n, "acc_norm_lm_log_p": correct_norm / n,
        "min_top2_gap": min(gap(lm), gap(norm)),
        "k_norm": [frobenius(k) for k, _ in kv], "v_norm": [frobenius(v) for _, v in kv],
    }


def with_default_dtype(dtype, fn):
    """Their do_infer_probs divides a Python float by a LongTensor: the quotient has torch's default dtype, so the
    float64 run sets it to float64 (the shared cells' float64 norm_lm_log_p are float64 quotients)."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        return fn()
    finally:
        torch.set_default_dtype(old)


def concat_scores(model, demo_ids, queries):
    """Plain ICL without the cache: lm_log_p of every choice from one forward over demo_ids + input_ids, summed in
    the model's dtype (step 1 must equal it)."""
    out = []
    for q in queries:
        row = []
        for c in q["choices"]:
            ids = demo_ids + c["input_ids"]
            logits, _ = model.forward(torch.tensor([ids], dtype=torch.long))
            logp = torch.log_softmax(logits[0], dim=-1)
            span = range(len(demo_ids) + c["choice_start"], len(demo_ids) + c["choice_end"])
            row.append(float(sum(logp[i - 1, ids[i]] for i in span)))
        out.append(row)
    return out


def build_cell(name, spec, tasks_pkg, core, meta_optimizer, config, tensors, r50k, args, out_dir):
    card, registry, kind, seed, k, method, inf, samp = spec
    task, dataset, demonstration, demos, pool_total = their_strings(tasks_pkg, name, kind, registry, seed, k, method,
                                                                    inf, samp, args.data, r50k)
    # the demonstration as run_selective_task tokenizes it (tokenizer defaults: GPT-2 adds no BOS)
    demo_ids, demo_mask = dataset.tokenize_demonstration(demonstration)
    if len(demo_ids) > 400:
        raise SystemExit(f"{name}: {len(demo_ids)} demonstration tokens; run_selective_task would keep the last 400")
    rows_all = task.raw_data_inference
    n = min(N_QUERIES, len(rows_all))
    queries = []
    for q in range(n):
        ex = rows_all[q]
        prompt = task.promptify_input(ex["query"])
        prompt_ids = r50k.ids(prompt)
        choices = []
        for c, choice in enumerate(ex["choices"]):
            text = task.promptify_input_with_choice(ex["query"], choice)
            item = dataset.data[q][c]
            input_ids = r50k.ids(text)
            if item["input_ids"][:len(input_ids)] != input_ids or item["choice_start"] != len(prompt_ids) or \
                    item["choice_end"] != len(input_ids):
                raise SystemExit(f"{name}: their TokenizedForMCRightPad disagrees with the adapter at {q}/{c}")
            choices.append({"choice": choice, "prompt": prompt, "text": text, "prompt_ids": prompt_ids,
                            "input_ids": input_ids, "choice_start": item["choice_start"],
                            "choice_end": item["choice_end"],
                            "prompt_ids_are_prefix": input_ids[:len(prompt_ids)] == prompt_ids})
        queries.append({"eval_row": q, "query": ex["query"], "answer_idx": ex["answer_idx"], "choices": choices})
    answers = [q["answer_idx"] for q in queries]
    n_choices = {len(q["choices"]) for q in queries}
    if len(n_choices) != 1:
        raise SystemExit(f"{name}: choice counts {n_choices}")
    subset_len = max(c["choice_end"] for q in queries for c in q["choices"])

    expected, kvs, generated_of = {}, {}, {}
    for label, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        model = GPT2Semantics(config, tensors, dtype)
        backend = Backend(model)
        steps = with_default_dtype(dtype, lambda: run_steps(core, model, backend, dataset, demo_ids.tolist(),
                                                            demo_mask, n))
        expected[label] = [step_record(t, kv, gen, task, answers) for t, (kv, gen) in enumerate(steps, start=1)]
        kvs[label] = [kv for kv, _ in steps]
        generated_of[label] = (model, backend)

    # diagnostics (cross-checks of the path above)
    model32, backend32 = generated_of["float32"]
    theirs = authors_meta_optimizer_kvs(meta_optimizer, model32, demo_ids)
    kv_gap = max(float((a - b).abs().max()) for mine, their in zip(kvs["float32"], theirs)
                 for (mk, mv), (tk, tv) in zip(mine, their) for a, b in ((mk, tk), (mv, tv)))
    plain_queries = [{"choices": [{"input_ids": c["input_ids"], "choice_start": c["choice_start"],
                                   "choice_end": c["choice_end"]} for c in q["choices"]]} for q in queries]
    unpadded_gap = 0.0
    for t, kv in enumerate(kvs["float32"]):
        lm, _ = choice_scores(backend32, kv, plain_queries)
        unpadded_gap = max(unpadded_gap, max(abs(a - b) for x, y in zip(lm, expected["float32"][t]["lm_log_p"])
                                             for a, b in zip(x, y)))
    concat_gap = {}
    for label in ("float32", "float64"):
        lm = concat_scores(generated_of[label][0], demo_ids.tolist(), plain_queries)
        concat_gap[label] = max(abs(a - b) for x, y in zip(lm, expected[label][0]["lm_log_p"]) for a, b in zip(x, y))
    f32_f64 = max(abs(a - b) for s32, s64 in zip(expected["float32"], expected["float64"])
                  for key in ("lm_log_p", "norm_lm_log_p") for x, y in zip(s32[key], s64[key]) for a, b in zip(x, y))
    preds_equal = all(s32[key] == s64[key] for s32, s64 in zip(expected["float32"], expected["float64"])
                      for key in ("pred_lm_log_p", "pred_norm_lm_log_p"))
    # exact ties at the top (identical choice texts): the first index wins, as their np.argmax
    ties = [{"t": s["t"], "score": key, "query": q, "choices": [c for c, x in enumerate(row) if x == max(row)]}
            for s in expected["float32"] for key in ("lm_log_p", "norm_lm_log_p")
            for q, row in enumerate(s[key]) if row.count(max(row)) > 1]
    if kv_gap > 1e-6 or unpadded_gap > 1e-3 or concat_gap["float32"] > 2e-4 or concat_gap["float64"] > 1e-9:
        raise SystemExit(f"{name}: cross-checks disagree (kv {kv_gap}, unpadded {unpadded_gap}, concat {concat_gap})")

    def raw_rows(rel):
        with open(Path(args.data) / rel, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    eval_raw = raw_rows(inf)
    cell = {
        "format": FORMAT,
        "name": name,
        "task": card,
        "prompt_version": task.prompt_version,
        "separator": task.exemplar_seperator(),
        "model": {"dir": "$DT_SHARED_DIR/golden/cells/model_gpt2",
                  "model_type": config["model_type"], "model_class": config["architectures"][0]},
        "tokenizer": {"kind": f"gpt2 byte-level BPE (OpenAI r50k_base ranks via js-tiktoken {r50k.version})",
                      "files": "$DT_SHARED_DIR/tokenizers/gpt2",
                      "demonstration_adds_bos": False, "bos_token_id": None, "pad_token_id": PAD_ID,
                      "padding_side": "right"},
        "seed": seed,
        "k": k,
        "exemplar_method": method,
        "num_shots": len(demos),
        "n_queries": n,
        "n_choices": n_choices.pop(),
        "steps": RUN["iterations"],
        "step_size": RUN["step_size"],
        "momentum": RUN["momentum"],
        "batch_size": BATCH_SIZE,
        "pad_token_id": PAD_ID,
        "padded_length": dataset.max_length,
        "padded_length_subset": subset_len,
        "data": {
            "synthetic": True,
            "data_dir_relative": None,
            "eval_file": None,
            "pool_file": None,
            "source_files": {"eval": f"{v3.DATA_ROOT_REL}/{inf}", "pool": f"{v3.DATA_ROOT_REL}/{samp}" if samp else
                             None},
            "eval_rows_in_file": len(eval_raw),
            "eval_rows_total": len(rows_all),
            "pool_rows_total": pool_total,
            "eval_sample_size": None,
            "eval_sample_indices": None,
            "eval_rows_used": list(range(n)),
            "demo_pool_indices": [d["pool_index"] for d in demos],
            "demo_labels": [d["answer_idx"] for d in demos],
            "rows": {"eval": eval_raw, "pool": raw_rows(samp) if samp else []},
        },
        "demonstrations": demos,
        "demonstration": {"string": demonstration, "ids": demo_ids.tolist(), "length": len(demo_ids)},
        "queries": queries,
        "expected": expected,
        "diagnostics": {
            "step1_vs_concat_max_abs_float32": concat_gap["float32"],
            "step1_vs_concat_max_abs_float64": concat_gap["float64"],
            "float32_vs_float64_max_abs_log_p": f32_f64,
            "float32_vs_float64_predictions_equal": preds_equal,
            "min_top2_gap_float32": min(s["min_top2_gap"] for s in expected["float32"]),
            "kv_max_abs_vs_authors_meta_optimizer_float32": kv_gap,
            "padded_vs_unpadded_scoring_max_abs_float32": unpadded_gap,
            "exact_top_ties_float32": ties,
        },
        "reference_run": {
            "generator": GENERATOR,
            "task_code": f"Yangjiaxi/DeepThinking@{args.commit_used} (tasks/, core.do_infer_probs, "
                         f"models/meta_optimizer.py)",
            "model_code": "GPT2Semantics (make_v3_cells.py, from transformers 4.31 modeling_gpt2.py)",
            "algorithm": "tests/reference/deep_thinking_reference.py think()",
            "tokenizer": f"js-tiktoken {r50k.version} r50k_base",
            "torch_version": torch.__version__,
            "threads": torch.get_num_threads(),
        },
    }
    return cell


# ---------------------------------------------------------------------------------------------------------------
# preflight against the shared cells (real transformers)


def self_check(core, config, tensors, r50k, shared):
    worst = {}
    for cell_name in SELF_CHECK_CELLS:
        path = Path(shared) / "golden" / "cells" / cell_name / "cell.json"
        if not path.exists():
            raise SystemExit(f"{path} missing (pass --shared, or --no-self-check)")
        cell = json.loads(path.read_text(encoding="utf-8"))
        if r50k.ids(cell["demonstration"]["string"]) != cell["demonstration"]["ids"]:
            raise SystemExit(f"{cell_name}: js-tiktoken disagrees on the demonstration")
        for q in cell["queries"]:
            for c in q["choices"]:
                if r50k.ids(c["prompt"]) != c["prompt_ids"] or r50k.ids(c["text"]) != c["input_ids"]:
                    raise SystemExit(f"{cell_name}: js-tiktoken disagrees on {c['text']!r}")
        padded = cell["padded_length"]

        def item(c):
            ids = c["input_ids"] + [cell["pad_token_id"]] * (padded - len(c["input_ids"]))
            mask = [1] * len(c["input_ids"]) + [0] * (padded - len(c["input_ids"]))
            return torch.LongTensor(ids), torch.LongTensor(mask), c["choice_start"], c["choice_end"]

        dataset = [[item(c) for c in q["choices"]] for q in cell["queries"]]
        demo_ids = torch.LongTensor(cell["demonstration"]["ids"])
        for label, dtype, tol in (("float32", torch.float32, 1e-4), ("float64", torch.float64, 1e-9)):
            model = GPT2Semantics(config, tensors, dtype)
            steps = with_default_dtype(dtype, lambda: run_steps(core, model, Backend(model), dataset,
                                                                demo_ids.tolist(), torch.ones_like(demo_ids),
                                                                len(dataset)))
            gap = 0.0
            for (kv, generated), exp in zip(steps, cell["expected"][label]):
                for key in ("lm_log_p", "norm_lm_log_p"):
                    for row, erow in zip(generated, exp[key]):
                        for c, e in zip(row, erow):
                            d = abs(c[key] - e)
                            gap = max(gap, d)
                            if d > tol + tol * abs(e):
                                raise SystemExit(f"self-check {cell_name} {label}: {key} {c[key]} vs {e}")
                for (k, v), ek, ev in zip(kv, exp["k_norm"], exp["v_norm"]):
                    if abs(frobenius(k) - ek) > 1e-5 * ek or abs(frobenius(v) - ev) > 1e-5 * ev:
                        raise SystemExit(f"self-check {cell_name} {label}: K/V norms differ")
            worst[f"{cell_name}/{label}"] = gap
    print("self-check against the shared cells (transformers 4.31): max |diff| of the scores " +
          ", ".join(f"{k} {v:.3g}" for k, v in worst.items()))


# ---------------------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    v3.add_reference_arguments(parser)
    parser.add_argument("--node-modules", required=True, help="a node_modules folder with js-tiktoken")
    parser.add_argument("--data", default=str(REPO / v3.DATA_ROOT_REL), help="dt's data root for these cards")
    parser.add_argument("--shared", default=str(REPO.parent / "shared"),
                        help="the shared folder (golden/cells/model_gpt2, tokenizers/gpt2); default ../shared")
    parser.add_argument("--out", default=str(REPO / "tests" / "golden" / "v3_cells"))
    parser.add_argument("--only", nargs="*", default=None, help=f"cells to write (default: all of {list(CELLS)})")
    parser.add_argument("--no-self-check", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)

    reference_dir, commit, keep = extract_reference(args)
    args.commit_used = commit
    v3.install_py310_sample()
    scratch = tempfile.TemporaryDirectory(prefix="dt_v3_cells_hf_root_")
    tasks_pkg = v3.load_reference(reference_dir, scratch.name)
    core, meta_optimizer = import_core(reference_dir)
    config, tensors = load_checkpoint(str(Path(args.shared) / "golden" / "cells" / "model_gpt2"))
    r50k = R50k(args.node_modules)
    if not args.no_self_check:
        self_check(core, config, tensors, r50k, args.shared)

    for name, spec in CELLS.items():
        if args.only is not None and name not in args.only:
            continue
        out_dir = Path(args.out) / name
        out_dir.mkdir(parents=True, exist_ok=True)
        cell = build_cell(name, spec, tasks_pkg, core, meta_optimizer, config, tensors, r50k, args, out_dir)
        with open(out_dir / "cell.json", "w", encoding="utf-8", newline="\n") as f:
            json.dump(cell, f, ensure_ascii=False, indent=1)
            f.write("\n")
        e = cell["expected"]["float32"]
        print(f"{out_dir.relative_to(REPO) if out_dir.is_relative_to(REPO) else out_dir}: {spec[0]} seed {spec[3]} "
              f"k {spec[4]} ({spec[5]}), {cell['n_queries']} x {cell['n_choices']}, "
              f"demo L {cell['demonstration']['length']}, padded {cell['padded_length']}; acc per step " +
              " ".join(f"{s['acc_lm_log_p']:.3f}/{s['acc_norm_lm_log_p']:.3f}" for s in e) +
              f"; min top-2 gap {cell['diagnostics']['min_top2_gap_float32']:.3g}")
    del keep


if __name__ == "__main__":
    main()
