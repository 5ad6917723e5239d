#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (tests/fuzz), made from the shipped files at run time: jobs/, configs/,
data/sample, tests/data and the reference material in ../shared (golden configs and safetensors headers, the GPT-2
vocabulary) when present. Large files are cut down to small but valid inputs (a few tensors, a few hundred merges),
so that the fuzzer mutates structure rather than megabytes. Usage: make_seeds.py REPO SHARED OUT; writes
OUT/<target>/<seed>. Needs Debian's python3 only; python3-torch (the .bin seeds) and python3-h5py (the cell-file
seeds) when installed, else those corpora hold only a minimal seed and a note is printed."""
import hashlib
import io
import json
import pathlib
import re
import struct
import sys
import tomllib
import zipfile

SEPARATOR = b"\n--8<--\n"  # fuzz_scratch.h's kPartSeparator
DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def write(out, target, name, data):
    path = out / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def safetensors(tensors, metadata=None):
    """tensors: [(name, dtype, shape)] -> a valid file, zero data."""
    header, offset = {}, 0
    for name, dtype, shape in tensors:
        size = DTYPE_SIZES[dtype]
        for d in shape:
            size *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + bytes(offset)


def golden_headers(shared):
    for file in sorted((shared / "golden").glob("*/model.safetensors")):
        with open(file, "rb") as f:
            (n,) = struct.unpack("<Q", f.read(8))
            yield file.parent.name, json.loads(f.read(n))


def safetensors_seeds(out, shared):
    write(out, "safetensors_header", "minimal", safetensors([("w", "F32", [2, 2])], {"format": "pt"}))
    write(out, "safetensors_header", "dtypes",
          safetensors([(f"t.{d}", d, [3]) for d in ("F32", "F16", "BF16")] + [("scalar", "F32", [])]))
    for arch, header in golden_headers(shared):
        tensors = [(k, v["dtype"], [min(d, 3) for d in v["shape"]]) for k, v in header.items() if k != "__metadata__"]
        write(out, "safetensors_header", f"golden-{arch}", safetensors(tensors[:12], header.get("__metadata__")))
        names = [k for k in header if k != "__metadata__"]
        index = {"metadata": {"total_size": 1234},
                 "weight_map": {k: f"model-0000{1 + i % 2}-of-00002.safetensors" for i, k in enumerate(names)}}
        write(out, "weight_map", f"golden-{arch}", json.dumps(index, indent=1))
    write(out, "weight_map", "minimal", '{"weight_map": {"a": "model-00001-of-00002.safetensors"}}')
    write(out, "weight_map", "bin", '{"metadata": {}, "weight_map": {"a": "pytorch_model-00001-of-00002.bin", '
                                    '"b": "pytorch_model-00002-of-00002.bin"}}')


def config_seeds(out, shared):
    for file in sorted((shared / "golden").glob("**/config.json")):
        write(out, "model_config", f"golden-{file.parent.name}", file.read_bytes())
    write(out, "model_config", "minimal", '{"model_type": "gpt2", "n_layer": 2, "n_head": 2, "n_embd": 8, '
                                          '"vocab_size": 10, "eos_token_id": [1, 2], "layer_norm_epsilon": 1e-5}')


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for c in cs]


def small_bpe(merges_file, count):
    """The 256 byte symbols, the first `count` merges of merges_file, and their results as the vocabulary."""
    vocab = {s: i for i, s in enumerate(bytes_to_unicode())}
    merges = []
    for line in merges_file.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split(" ")
        if len(parts) != 2 or parts[0] not in vocab or parts[1] not in vocab:
            continue
        merges.append(line)
        vocab.setdefault(parts[0] + parts[1], len(vocab))
        if len(merges) == count:
            break
    return vocab, merges


def tokenizer_seeds(out, repo, shared):
    opt = repo / "tests/data/opt_tokenizer"
    vocab, merges = small_bpe(opt / "merges.txt", 300)
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    for s in specials:
        vocab.setdefault(s, len(vocab))
    vocab_text = json.dumps(vocab, ensure_ascii=False)
    merges_text = "#version: 0.2\n" + "\n".join(merges) + "\n"
    config = (opt / "tokenizer_config.json").read_text(encoding="utf-8")
    special_map = (opt / "special_tokens_map.json").read_text(encoding="utf-8")
    sep = SEPARATOR.decode()
    write(out, "vocab_merges", "opt", vocab_text + sep + merges_text + sep + config + sep + special_map)
    write(out, "vocab_merges", "gpt2-plain", vocab_text + sep + merges_text)
    write(out, "special_tokens_config", "opt", config + sep + special_map)
    write(out, "special_tokens_config", "config-only", config)
    write(out, "special_tokens_config", "gpt2", '{"tokenizer_class": "GPT2Tokenizer", "bos_token": "<|endoftext|>", '
                                                '"add_prefix_space": false, "model_max_length": 1024}')
    gpt2 = shared / "tokenizers/gpt2"
    if (gpt2 / "merges.txt").exists():
        g_vocab, g_merges = small_bpe(gpt2 / "merges.txt", 300)
        g_vocab.setdefault("<|endoftext|>", len(g_vocab))
        write(out, "vocab_merges", "gpt2-shared",
              json.dumps(g_vocab, ensure_ascii=False) + sep + "#version: 0.2\n" + "\n".join(g_merges) + "\n")

    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    added = [{"id": vocab[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for s in specials]
    base = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
            "pre_tokenizer": byte_level, "post_processor": None, "decoder": {"type": "ByteLevel"},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "vocab": vocab, "merges": merges}}
    write(out, "tokenizer_json", "gpt2-style", json.dumps(base, ensure_ascii=False))
    opt_style = dict(base, post_processor={
        "type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "</s>", "type_id": 0}},
                                                 {"Sequence": {"id": "A", "type_id": 0}}],
        "pair": [], "special_tokens": {"</s>": {"id": "</s>", "ids": [vocab["</s>"]], "tokens": ["</s>"]}}})
    write(out, "tokenizer_json", "opt-style", json.dumps(opt_style, ensure_ascii=False))
    split = {"type": "Split", "pattern": {"Regex": " ?[^(\\s|[.,!?…。，、।۔،])]+"}, "behavior": "Isolated",
             "invert": False}
    bloom = dict(base, normalizer={"type": "Sequence", "normalizers": [{"type": "NFC"}]},
                 pre_tokenizer={"type": "Sequence", "pretokenizers": [split, dict(byte_level, use_regex=False)]},
                 post_processor={"type": "Sequence", "processors": [
                     dict(byte_level), {"type": "RobertaProcessing", "sep": ["</s>", vocab["</s>"]],
                                        "cls": ["<s>", vocab["<s>"]], "trim_offsets": True,
                                        "add_prefix_space": False}]})
    bloom["model"] = dict(base["model"], merges=[m.split(" ") for m in merges], unk_token="<unk>")
    write(out, "tokenizer_json", "bloom-style", json.dumps(bloom, ensure_ascii=False))
    # The post-2023 layouts (Llama 3, Qwen2, BPE with byte fallback as Llama 2, Mistral, Phi-3 and Gemma ship it).
    for file in sorted((repo / "tests/data/tokenizers").glob("*/tokenizer.json")):
        write(out, "tokenizer_json", file.parent.name, file.read_bytes())


def task_seeds(out, repo):
    for file in sorted((repo / "jobs").glob("*.toml")):
        write(out, "task_card", file.stem, file.read_bytes())
        card = tomllib.loads(file.read_text(encoding="utf-8"))
        templates = [card["format"].get(k) for k in ("prompt", "completion")] + [card["choices"].get("answer")]
        for i, t in enumerate(x for x in templates if x):
            write(out, "text_template", f"{file.stem}-{i}", t)
    sep = SEPARATOR.decode()
    for file in sorted((repo / "data/sample").glob("*/*.jsonl")):
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        write(out, "jsonl_rows", f"{file.parent.name}-{file.stem}", "".join(lines[:8]))
        card = tomllib.loads((repo / "jobs" / f"{file.parent.name}.toml").read_text(encoding="utf-8"))
        write(out, "text_template", f"{file.parent.name}-{file.stem}-row",
              card["format"]["prompt"] + sep + lines[0].rstrip("\n") + sep + "positive")
    # sweep configs: jobs_dir made absolute, so that their tasks resolve from the fuzzer's scratch directory
    for file in sorted((repo / "configs").glob("*.toml")):
        text = re.sub(r'(?m)^jobs_dir = .*$', f'jobs_dir = "{(repo / "jobs").resolve()}"', file.read_text(encoding="utf-8"))
        write(out, "sweep_config", file.stem, text)
    write(out, "jsonl_rows", "escapes", '{"text": "caf\\u00e9 \\ud83d\\ude00", "label": 1}\n\n{"a": [1, 2.5, null]}\n')


def torch_seeds(out):
    try:
        import torch
    except ImportError:
        print("make_seeds.py: no python3-torch; the .bin corpora get a minimal seed only")
        write(out, "zip_archive", "empty", b"PK\x05\x06" + bytes(18))
        write(out, "state_dict_pickle", "empty-dict", b"\x80\x02}q\x00.")
        write(out, "torch_checkpoint", "empty", b"PK\x05\x06" + bytes(18))
        return
    a = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    dicts = {
        "f32": {"w": a, "b": torch.zeros(3)},
        "mixed": {"h": torch.ones(2, 2, dtype=torch.float16), "bf": torch.ones(3, dtype=torch.bfloat16),
                  "view": a[:, 1:], "t": a.t()},
        "tied": {"embed.weight": a, "lm_head.weight": a},
    }
    for name, state in dicts.items():
        buffer = io.BytesIO()
        torch.save(state, buffer)
        data = buffer.getvalue()
        write(out, "torch_checkpoint", name, data)
        write(out, "zip_archive", name, data)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            pkl = next(n for n in z.namelist() if n.endswith("data.pkl"))
            write(out, "state_dict_pickle", name, z.read(pkl))


def cell_seeds(out):
    try:
        import h5py
        import numpy as np
    except ImportError:
        print("make_seeds.py: no python3-h5py; the cell-file corpus gets no seed")
        return
    path = out / "hdf5_file" / "cell.h5"
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w", libver="earliest", userblock_size=512) as f:
        f.attrs["format"] = "dt-cell/1"
        f.attrs["key"] = "0123abcd"
        f.attrs["config"] = json.dumps({"seed": 0, "k": 1})
        f.attrs["model"], f.attrs["task"], f.attrs["optimizer"] = "m", "sst2", "momentum"
        f.attrs["seed"], f.attrs["k"] = np.int64(0), np.int64(1)
        f.attrs["demo_tokens"] = np.arange(4, dtype=np.int64)
        f.attrs["label_words"] = ["negative", "positive"]
        f["steps"] = np.array([1, 2], dtype=np.int64)
        f["queries/answer"] = np.array([0, 1, 1], dtype=np.int64)
        f["predictions/lm_log_p"] = np.zeros((2, 3), dtype=np.int64)
        f["scores/lm_log_p"] = np.zeros((2, 3, 2), dtype=np.float32)
        f["accuracy/lm_log_p"] = np.zeros(2)
        f["think/step"] = np.array([2], dtype=np.int64)
        f["think/update_norm"] = np.zeros((1, 2))
    # cell_file: the same bytes sealed as dt seals them (src/results/cell_seal.cpp)
    data = path.read_bytes()[512:]
    line = b"dt-cell-seal/1 sha256:" + hashlib.sha256(data).hexdigest().encode() + b"\n"
    write(out, "cell_file", "sealed.h5", line + b"\0" * (512 - len(line)) + data)


def main():
    repo, shared, out = (pathlib.Path(a) for a in sys.argv[1:4])
    if not (shared / "golden").is_dir():
        print(f"make_seeds.py: no {shared}/golden; seeds from the repository's files only")
    safetensors_seeds(out, shared)
    config_seeds(out, shared)
    tokenizer_seeds(out, repo, shared)
    task_seeds(out, repo)
    torch_seeds(out)
    cell_seeds(out)


if __name__ == "__main__":
    main()
