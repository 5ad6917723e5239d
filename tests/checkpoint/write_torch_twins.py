#!/usr/bin/env python3
"""Writes twins of a safetensors checkpoint for dt's loader tests, with Python's own torch.save (Debian's
python3-torch, a test-only dependency). Usage: write_torch_twins.py SRC_DIR OUT_DIR

Every twin is a checkpoint folder (config.json + weights) holding the same values as SRC_DIR:
  bin/            pytorch_model.bin of an OrderedDict with `_metadata` (what `torch.save(model.state_dict())` writes),
                  2-D tensors stored as transposed views, 1-D tensors as offset views into a larger storage
  sharded/        pytorch_model.bin.index.json + three pytorch_model-0000i-of-00003.bin shards (plain dicts)
  f16_bin/ f16_st/    the weights converted to float16, as .bin and as model.safetensors
  bf16_bin/ bf16_st/  the same in bfloat16
  both/           model.safetensors (the original) next to a pytorch_model.bin of zeros: safetensors must win
  tied_in_st/ tied_out_st/ tied_out_bin/ tied_shared_bin/
                  tie_word_embeddings = true and the input embedding stored once, under the input name (safetensors)
                  or only under the output name (safetensors, .bin), or under both names sharing one storage record
                  (.bin, as torch.save writes a tied model's state_dict()); any other stored output matrix is dropped
  legacy/         the pre-1.6 (non-zip) torch.save format
  pickled_object/ a .bin whose state dict holds a collections.Counter next to the tensors
The safetensors files are read and written here by hand (the format is a JSON header), not with a library.
"""
import collections
import json
import os
import shutil
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
          "BOOL": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}
INPUT_EMBEDDINGS = ("wte.weight", "embed_tokens.weight", "word_embeddings.weight", "embed_in.weight")


def read_safetensors(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    out = collections.OrderedDict()
    for name in sorted(header):
        if name == "__metadata__":
            continue
        entry = header[name]
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        flat = torch.frombuffer(raw, dtype=DTYPES[entry["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[entry["dtype"]])
        out[name] = flat.reshape(entry["shape"]).clone()
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def as_views(tensors):
    """Same values, stored as views: 2-D transposed, 1-D at an offset into a larger storage."""
    out = collections.OrderedDict()
    for name, t in tensors.items():
        if t.dim() == 2:
            out[name] = t.t().contiguous().t()
        elif t.dim() == 1 and t.numel() > 0:
            out[name] = torch.cat([torch.zeros(3, dtype=t.dtype), t, torch.zeros(2, dtype=t.dtype)])[3:3 + t.numel()]
        else:
            out[name] = t
    out._metadata = collections.OrderedDict({"": {"version": 1}})
    return out


def folder(out, name, config, overrides=None):
    path = os.path.join(out, name)
    os.makedirs(path)
    config = dict(config, **(overrides or {}))
    json.dump(config, open(os.path.join(path, "config.json"), "w"), indent=1)
    return path


def main(src, out):
    config = json.load(open(os.path.join(src, "config.json")))
    tensors = read_safetensors(os.path.join(src, "model.safetensors"))

    torch.save(as_views(tensors), os.path.join(folder(out, "bin", config), "pytorch_model.bin"))

    path = folder(out, "sharded", config)
    names = list(tensors)
    weight_map = {}
    for i in range(3):
        shard = "pytorch_model-%05d-of-00003.bin" % (i + 1)
        part = {n: tensors[n] for n in names[i::3]}
        torch.save(part, os.path.join(path, shard))
        weight_map.update({n: shard for n in part})
    json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map},
              open(os.path.join(path, "pytorch_model.bin.index.json"), "w"))

    for label, dtype in (("f16", torch.float16), ("bf16", torch.bfloat16)):
        cast = collections.OrderedDict((n, t.to(dtype) if t.is_floating_point() else t) for n, t in tensors.items())
        torch.save(cast, os.path.join(folder(out, label + "_bin", config), "pytorch_model.bin"))
        write_safetensors(os.path.join(folder(out, label + "_st", config), "model.safetensors"), cast)

    path = folder(out, "both", config)
    shutil.copy(os.path.join(src, "model.safetensors"), path)
    torch.save({n: torch.zeros_like(t) for n, t in tensors.items()}, os.path.join(path, "pytorch_model.bin"))

    input_name = next(n for n in tensors if n.endswith(INPUT_EMBEDDINGS))
    output_name = "embed_out.weight" if config["model_type"] == "gpt_neox" else "lm_head.weight"
    shared = tensors[input_name]
    rest = {n: t for n, t in tensors.items() if n not in (input_name, output_name)}
    tied = {"tie_word_embeddings": True}
    write_safetensors(os.path.join(folder(out, "tied_in_st", config, tied), "model.safetensors"), dict(rest, **{input_name: shared}))
    write_safetensors(os.path.join(folder(out, "tied_out_st", config, tied), "model.safetensors"), dict(rest, **{output_name: shared}))
    torch.save(dict(rest, **{output_name: shared}), os.path.join(folder(out, "tied_out_bin", config, tied), "pytorch_model.bin"))
    torch.save(dict(rest, **{input_name: shared, output_name: shared}),
               os.path.join(folder(out, "tied_shared_bin", config, tied), "pytorch_model.bin"))

    torch.save(tensors, os.path.join(folder(out, "legacy", config), "pytorch_model.bin"), _use_new_zipfile_serialization=False)
    torch.save(dict(tensors, counter=collections.Counter("ab")), os.path.join(folder(out, "pickled_object", config), "pytorch_model.bin"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
