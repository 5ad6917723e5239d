#!/usr/bin/python3
"""Writes tests/golden/v3_tasks/<card stem>.json: what the authors' later code (Yangjiaxi/DeepThinking, the
selection tasks of tasks/tasks_selection/) builds from the synthetic rows of tests/data/v3/ -- the demonstration
string and every scored query's prompt, choice texts and answer index -- for each dt task card that mirrors one of
their tasks.

    git -C /work/.mirror/Yangjiaxi+DeepThinking/repo archive HEAD -- tasks utils anchor.py | tar -x -C /tmp/dt_v3_ref
    /usr/bin/python3 tests/reference/v3_task_golden.py --reference /tmp/dt_v3_ref \
        --commit "$(git -C /work/.mirror/Yangjiaxi+DeepThinking/repo rev-parse HEAD)"
or, extracting the mirror's HEAD into a temporary directory itself:
    /usr/bin/python3 tests/reference/v3_task_golden.py --mirror /work/.mirror/Yangjiaxi+DeepThinking/repo

Their code is imported from that checkout at run time; nothing of it is copied here. It needs Debian's python3 with
numpy and torch (their utils/rng_ctx.py saves and restores the Python, NumPy and torch generators). Stub modules
stand in for `datasets` (never called: every file their loader wants is written before it looks), `transformers`
(PreTrainedTokenizer, a type annotation), `tqdm` and `tqdm.rich` (TqdmExperimentalWarning, tqdm_rich), none of which
affects what is written. Their `anchor.hf_datasets_root` is pointed at a scratch directory, and each dt data file is
copied there under the name their BaseTaskManager.dataset_file_path gives it ("dumped/<name>-<subset>-<split>.jsonl",
with re.sub(r"[^\\w_. -]", "_", ...)).

Python 3.10 compatibility: their BaseProbTaskManager.stratified_sampling calls random.sample on a set, which Python
3.11 refuses (TypeError) and Python 3.10 accepted by drawing from tuple(population) (with a DeprecationWarning). The
authors ran 3.10, so random.sample is wrapped to turn a set (collections.abc.Set) population into tuple(population)
before calling the original, exactly what CPython 3.10's Random.sample did; nothing else is changed.

For each case this calls what their core.run_selective_task calls, on a fresh task object: Cls("default"),
set_seed(seed), do_load(), then random_selected_exemplars(k) / stratified_sampling(k) / handcrafted_exemplars() for
the demonstration string, and for each row of raw_data_inference promptify_input(query) and
promptify_input_with_choice(query, choice) for each choice, with answer_idx. Their COPA, OBQA and QASC classes define
only multiple_choice_promptify(query, choice) -> (prompt, prompt with choice) and so raise NotImplementedError in their
own pipeline; for those three a subclass here maps promptify_input / promptify_input_with_choice onto it, and the
fixture's "note" says so.
"""

import argparse
import collections.abc
import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GENERATOR = "tests/reference/v3_task_golden.py"
FORMAT = "dt-v3-task-golden/1"
DATA_ROOT_REL = "tests/data/v3"
MIRROR_DEFAULT = "/work/.mirror/Yangjiaxi+DeepThinking/repo"
SEEDS = (0, 1, 42)

# ---------------------------------------------------------------------------------------------------------------
# importing their code


def _install_stub_modules():
    """datasets, transformers, tqdm and tqdm.rich stand-ins, put into sys.modules (their real packages, where
    installed, are not used: nothing of them matters here)."""

    def missing(name):
        return name not in sys.modules or getattr(sys.modules[name], "__dt_stub__", False)

    if missing("datasets"):
        m = types.ModuleType("datasets")

        def load_dataset(*args, **kwargs):
            raise RuntimeError(f"stub datasets.load_dataset{args}: the harness should have written this file")

        m.load_dataset = load_dataset
        m.__dt_stub__ = True
        sys.modules["datasets"] = m
    if missing("transformers"):
        m = types.ModuleType("transformers")

        class PreTrainedTokenizer:  # only a type annotation in their tasks/loader.py
            pass

        m.PreTrainedTokenizer = PreTrainedTokenizer
        m.__dt_stub__ = True
        sys.modules["transformers"] = m
    if missing("tqdm"):
        m = types.ModuleType("tqdm")
        rich = types.ModuleType("tqdm.rich")

        class TqdmExperimentalWarning(Warning):
            pass

        def tqdm_rich(iterable=None, *args, **kwargs):
            return iterable

        m.TqdmExperimentalWarning = TqdmExperimentalWarning
        m.tqdm = tqdm_rich
        rich.tqdm_rich = tqdm_rich
        rich.tqdm = tqdm_rich
        m.rich = rich
        m.__dt_stub__ = rich.__dt_stub__ = True
        sys.modules["tqdm"] = m
        sys.modules["tqdm.rich"] = rich


_original_sample = random.sample


def _sample_py310(population, k, *, counts=None):
    """random.sample as CPython 3.10 ran it: a set population is drawn from as tuple(population)."""
    if isinstance(population, collections.abc.Set):
        population = tuple(population)
    return _original_sample(population, k, counts=counts)


def install_py310_sample():
    random.sample = _sample_py310


def load_reference(reference_dir, datasets_root):
    """Imports their `tasks` package from reference_dir with hf_datasets_root = datasets_root; returns `tasks`."""
    reference_dir = str(Path(reference_dir).resolve())
    for need in ("tasks/__init__.py", "tasks/base.py", "tasks/base_selection.py", "utils/rng_ctx.py", "anchor.py"):
        if not os.path.exists(os.path.join(reference_dir, need)):
            raise SystemExit(f"{reference_dir}: no {need}; pass an extraction of Yangjiaxi/DeepThinking")
    _install_stub_modules()
    if reference_dir not in sys.path:
        sys.path.insert(0, reference_dir)
    import anchor

    anchor.hf_datasets_root = Path(datasets_root)
    cwd = os.getcwd()
    os.chdir(reference_dir)  # their tasks/__init__.py lists "tasks/tasks_selection" relative to the working dir
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # their "[REGISTRY] ..." lines
            import tasks
            import tasks.base
    finally:
        os.chdir(cwd)
    tasks.base.hf_datasets_root = Path(datasets_root)  # bound by `from anchor import hf_datasets_root`
    return tasks


def resolve_reference(args):
    """(reference dir, commit sha, temporary directory to keep alive or None) from --reference/--commit/--mirror."""
    if args.reference:
        commit = args.commit
        if not commit:
            try:
                top = subprocess.run(["git", "-C", args.reference, "rev-parse", "--show-toplevel"],
                                     capture_output=True, text=True)
                if top.returncode == 0 and Path(top.stdout.strip()).resolve() == Path(args.reference).resolve():
                    commit = subprocess.run(["git", "-C", args.reference, "rev-parse", "HEAD"], capture_output=True,
                                            text=True, check=True).stdout.strip()
            except OSError:
                pass
        if not commit:
            raise SystemExit("--reference is not a git checkout: pass --commit SHA (the commit it was extracted from)")
        return args.reference, commit, None
    mirror = args.mirror or MIRROR_DEFAULT
    commit = subprocess.run(["git", "-C", mirror, "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    tmp = tempfile.TemporaryDirectory(prefix="dt_v3_ref_")
    archive = subprocess.run(["git", "-C", mirror, "archive", commit, "--", "tasks", "utils", "anchor.py"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", tmp.name], input=archive, check=True)
    return tmp.name, commit, tmp


def add_reference_arguments(parser):
    parser.add_argument("--reference", help="a checkout or extraction of Yangjiaxi/DeepThinking (tasks/, utils/, "
                                            "anchor.py)")
    parser.add_argument("--commit", help="the commit --reference holds (read with git when it is a checkout)")
    parser.add_argument("--mirror", help=f"a git directory of Yangjiaxi/DeepThinking whose HEAD is extracted to a "
                                         f"temporary directory when --reference is not given (default {MIRROR_DEFAULT})")


# ---------------------------------------------------------------------------------------------------------------
# which dt card mirrors which of their tasks, and the dt data files it reads

CLASSIFICATION = {  # registry name: (card, {part: dt file})
    "sst2": ("jobs/sst2.toml", "sst2/validation.jsonl", "sst2/train.jsonl"),
    "sst5": ("jobs/sst5.toml", "sst5/validation.jsonl", "sst5/train.jsonl"),
    "mr": ("jobs/mr.toml", "mr/validation.jsonl", "mr/train.jsonl"),
    "trec": ("jobs/trec.toml", "trec/test.jsonl", "trec/train.jsonl"),
    "agnews": ("jobs/agnews_v3.toml", "agnews/test.jsonl", "agnews/train.jsonl"),
    "subj": ("jobs/subj.toml", "subj/test.jsonl", "subj/train.jsonl"),
    "emoc": ("jobs/emoc.toml", "emoc/test.jsonl", "emoc/train.jsonl"),
    "mnli": ("jobs/mnli.toml", "mnli/validation.jsonl", "mnli/train.jsonl"),
    "qnli": ("jobs/qnli.toml", "qnli/validation.jsonl", "qnli/train.jsonl"),
    "snli": ("jobs/snli.toml", "snli/validation.jsonl", "snli/train.jsonl"),
    "mrpc": ("jobs/mrpc.toml", "mrpc/validation.jsonl", "mrpc/train.jsonl"),
}
MULTIPLE_CHOICE = {
    "arc_e": ("jobs/arc_e.toml", "arc_easy/test.jsonl", "arc_easy/train.jsonl"),
    "arc_c": ("jobs/arc_c.toml", "arc_challenge/test.jsonl", "arc_challenge/train.jsonl"),
    "csqa1": ("jobs/csqa.toml", "csqa/validation.jsonl", "csqa/train.jsonl"),
    "copa": ("jobs/copa.toml", "copa/validation.jsonl", "copa/train.jsonl"),
    "hellaswag": ("jobs/hellaswag_v3.toml", "hellaswag/validation.jsonl", "hellaswag/train.jsonl"),
    "obqa": ("jobs/obqa.toml", "obqa/validation.jsonl", "obqa/train.jsonl"),
    "qasc": ("jobs/qasc.toml", "qasc/validation.jsonl", "qasc/train.jsonl"),
    "winogrande": ("jobs/winogrande.toml", "winogrande/validation.jsonl", "winogrande/train.jsonl"),
}
# their dataset signatures, checked against their classes (the files are copied under the names these give)
SIGNATURES = {
    "sst2": (("glue", "sst2", "validation"), ("glue", "sst2", "train")),
    "sst5": (("SetFit/sst5", None, "validation"), ("SetFit/sst5", None, "train")),
    "mr": (("rotten_tomatoes", None, "validation"), ("rotten_tomatoes", None, "train")),
    "trec": (("trec", None, "test"), ("trec", None, "train")),
    "agnews": (("ag_news", None, "test"), ("ag_news", None, "train")),
    "subj": (("SetFit/subj", None, "test"), ("SetFit/subj", None, "train")),
    "emoc": (("emo", None, "test"), ("emo", None, "train")),
    "mnli": (("SetFit/mnli", None, "validation"), ("SetFit/mnli", None, "train")),
    "qnli": (("SetFit/qnli", None, "validation"), ("SetFit/qnli", None, "train")),
    "snli": (("snli", None, "validation"), ("snli", None, "train")),
    "mrpc": (("SetFit/mrpc", None, "validation"), ("SetFit/mrpc", None, "train")),
    "arc_e": (("ai2_arc", "ARC-Easy", "test"), ("ai2_arc", "ARC-Easy", "train")),
    "arc_c": (("ai2_arc", "ARC-Challenge", "test"), ("ai2_arc", "ARC-Challenge", "train")),
    "csqa1": (("commonsense_qa", None, "validation"), ("commonsense_qa", None, "train")),
    "copa": (("super_glue", "copa", "validation"), ("super_glue", "copa", "train")),
    "hellaswag": (("hellaswag", None, "validation"), ("hellaswag", None, "train")),
    "obqa": (("openbookqa", None, "validation"), ("openbookqa", None, "train")),
    "qasc": (("qasc", None, "validation"), ("qasc", None, "train")),
    "winogrande": (("winogrande", "winogrande_xl", "validation"), ("winogrande", "winogrande_xs", "train")),
}
MC_PROMPTIFY_ONLY = {"copa", "obqa", "qasc"}
MC_PROMPTIFY_NOTE = (
    "Their {cls} defines only multiple_choice_promptify(query, choice) -> (prompt, prompt_with_choice); "
    "BaseProbTaskManager.promptify_input / promptify_input_with_choice raise NotImplementedError, so their own "
    "run_selective_task cannot run this task. This harness subclasses it with promptify_input(q) = "
    "multiple_choice_promptify(q, '')[0] and promptify_input_with_choice(q, c) = multiple_choice_promptify(q, c)[1] "
    "(their prompt never depends on the choice); demonstrations go through promptify_golden -> "
    "promptify_input_with_choice as for every other task."
)


def task_table(tasks_pkg):
    """[(registry name, card path, stem, inference file, sampling file or None, kind)], kind in
    classification / multiple-choice / mmlu / bbh."""
    from tasks.tasks_selection import bbh, mmlu

    rows = []
    for name, (card, inf, samp) in CLASSIFICATION.items():
        rows.append((name, card, inf, samp, "classification"))
    for name, (card, inf, samp) in MULTIPLE_CHOICE.items():
        rows.append((name, card, inf, samp, "multiple-choice"))
    for subject in mmlu.SUBJECTS:
        rows.append((subject, f"jobs/mmlu/{subject}.toml", f"mmlu/{subject}/test.jsonl", f"mmlu/{subject}/dev.jsonl",
                     "mmlu"))
    registry = tasks_pkg.TASK_REGISTRY
    for name, (cls, _type) in registry.items():
        if getattr(cls, "__module__", "") == bbh.__name__:
            rows.append((name, f"jobs/bbh/{name}.toml", f"bbh/{name}.jsonl", None, "bbh"))
    return rows


def expected_signature(name, kind):
    if kind == "mmlu":
        return (("cais/mmlu", name, "test"), ("cais/mmlu", name, "dev"))
    if kind == "bbh":
        return (("maveriq/bigbenchhard", name, "train"), None)
    return SIGNATURES[name]


def cases_for(kind, task_probe):
    if kind == "classification":
        methods = [("stratified", 1), ("stratified", 2), ("random", 1), ("random", 3)]
    elif kind == "multiple-choice":
        methods = [("stratified", 1), ("random", 2)]
    elif kind == "mmlu":
        methods = [("random", 5), ("stratified", 5)]
    else:
        methods = [("written", len(task_probe.task_prepared_examplars()))]
    return [(seed, method, k) for seed in SEEDS for method, k in methods]


def adapted_class(cls):
    class Adapted(cls):
        def promptify_input(self, query):
            return self.multiple_choice_promptify(query, "")[0]

        def promptify_input_with_choice(self, query, choice):
            return self.multiple_choice_promptify(query, choice)[1]

    Adapted.__name__ = cls.__name__ + "Adapted"
    Adapted.__qualname__ = Adapted.__name__
    return Adapted


def run_case(cls, seed, method, k):
    task = cls("default")
    task.set_seed(seed)
    task.do_load()
    if method == "random":
        demonstration = task.random_selected_exemplars(k)
    elif method == "stratified":
        demonstration = task.stratified_sampling(k)
    elif method == "written":
        demonstration = task.handcrafted_exemplars()
    else:
        raise ValueError(method)
    queries = []
    for ex in task.raw_data_inference:
        query = ex["query"]
        queries.append({
            "prompt": task.promptify_input(query),
            "texts": [task.promptify_input_with_choice(query, c) for c in ex["choices"]],
            "answer": ex["answer_idx"],
        })
    digest = hashlib.sha256(json.dumps([[q["prompt"], q["texts"], q["answer"]] for q in queries],
                                       ensure_ascii=False).encode("utf-8")).hexdigest()
    return {"seed": seed, "method": method, "k": k, "demonstration": demonstration, "query_count": len(queries),
            "queries_head": queries[:20], "queries_sha256": digest}


def stage_files(cls, name, kind, data_root, inf, samp):
    """Copies the dt files to where their loader looks; checks their signature is the one this table assumes."""
    probe = cls("default")
    signature = probe.dataset_signature()
    got = (signature["inference"], signature["sampling"])
    want = expected_signature(name, kind)
    if tuple(tuple(x) if x is not None else None for x in got) != want:
        raise SystemExit(f"{name}: their dataset_signature is {got}, this harness assumes {want}")
    for part, rel in (("inference", inf), ("sampling", samp)):
        dst = probe.dataset_file_path(part)
        if dst is None:
            if rel is not None:
                raise SystemExit(f"{name}: no {part} data in their signature, but dt file {rel} mapped")
            continue
        src = Path(data_root) / rel
        if not src.exists():
            raise SystemExit(f"{src} missing: run tests/reference/make_v3_task_rows.py")
        shutil.copyfile(src, dst)
    return probe


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_reference_arguments(parser)
    parser.add_argument("--data", default=str(REPO / DATA_ROOT_REL), help="dt's data root for these cards")
    parser.add_argument("--out", default=str(REPO / "tests" / "golden" / "v3_tasks"))
    parser.add_argument("--only", nargs="*", default=None, help="their task names to write (default: all)")
    args = parser.parse_args()

    reference_dir, commit, keep = resolve_reference(args)
    install_py310_sample()
    scratch = tempfile.TemporaryDirectory(prefix="dt_v3_hf_root_")
    tasks_pkg = load_reference(reference_dir, scratch.name)
    os.makedirs(args.out, exist_ok=True)
    table = task_table(tasks_pkg)
    written = 0
    for name, card, inf, samp, kind in table:
        if args.only is not None and name not in args.only:
            continue
        cls = tasks_pkg.TASK_REGISTRY[name][0]
        note = None
        if name in MC_PROMPTIFY_ONLY:
            note = MC_PROMPTIFY_NOTE.format(cls=cls.__name__)
            cls = adapted_class(cls)
        probe = stage_files(cls, name, kind, args.data, inf, samp)
        cases = [run_case(cls, seed, method, k) for seed, method, k in cases_for(kind, probe)]
        fixture = {"format": FORMAT, "reference": f"Yangjiaxi/DeepThinking@{commit}", "generator": GENERATOR,
                   "task": name, "card": card, "data_root": DATA_ROOT_REL}
        if note:
            fixture["note"] = note
        fixture["cases"] = cases
        stem = Path(card).stem
        path = Path(args.out) / f"{stem}.json"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(fixture, f, ensure_ascii=False, indent=1)
            f.write("\n")
        written += 1
        counts = sorted({c["query_count"] for c in cases})
        methods = ", ".join(sorted({f"{c['method']}{c['k']}" for c in cases}))
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {name} ({kind}), {len(cases)} cases "
              f"[{methods}] x seeds {list(SEEDS)}, queries {'/'.join(map(str, counts))}")
    print(f"{written} fixtures from Yangjiaxi/DeepThinking@{commit}")
    del keep


if __name__ == "__main__":
    main()
