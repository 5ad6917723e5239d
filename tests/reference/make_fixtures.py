#!/usr/bin/python3
"""Writes the golden fixtures of the post-2023 model families under tests/golden/ from independent references.

    /usr/bin/python3 tests/reference/make_fixtures.py --out tests/golden \
        --llama-models DIR --mistral-inference DIR --gemma-pytorch DIR [--only NAME ...]

Each DIR is a checkout of that reference (meta-llama/llama-models, mistralai/mistral-inference, google/gemma_pytorch)
outside this repository; nothing of theirs is copied here. Qwen2, Qwen3 and Phi-3 have no reference of their authors
outside transformers, so backend_hf_semantics.py implements them from transformers' modeling files. Runs with Debian's
python3-torch (1.13 on Debian 12), one thread, on the CPU.
"""

import argparse
import importlib
import sys

import torch

from deep_thinking_reference import check_cache_consistency, write_fixture

# module, the argument naming its reference checkout (None: needs none)
BACKEND_MODULES = [
    ("backend_llama_models", "llama_models"),
    ("backend_mistral_inference", "mistral_inference"),
    ("backend_gemma_pytorch", "gemma_pytorch"),
    ("backend_hf_semantics", None),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--llama-models", dest="llama_models")
    parser.add_argument("--mistral-inference", dest="mistral_inference")
    parser.add_argument("--gemma-pytorch", dest="gemma_pytorch")
    parser.add_argument("--only", nargs="*", default=None, help="fixture names to write (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    written = 0
    for module_name, path_arg in BACKEND_MODULES:
        reference_dir = getattr(args, path_arg) if path_arg else None
        if path_arg and not reference_dir:
            print(f"skipping {module_name}: --{path_arg.replace('_', '-')} not given", file=sys.stderr)
            continue
        module = importlib.import_module(module_name)
        for spec in module.fixture_specs():
            if args.only is not None and spec["name"] not in args.only:
                continue
            torch.manual_seed(spec["seed"])
            backend = module.make_backend(spec, reference_dir)
            # (length, split) pairs; a backend whose RoPE depends on the call's length (LongRoPE) names its own
            for length, split in getattr(backend, "cache_checks", [(40, 17)]):
                demo_like = list(range(4, 4 + length))
                check_cache_consistency(backend, [t % backend.vocab_size for t in demo_like], split=split)
            write_fixture(backend, f"{args.out}/{spec['name']}", spec["seed"], spec["disk_dtype"])
            print(f"wrote {args.out}/{spec['name']} ({backend.reference})")
            written += 1
    if written == 0:
        sys.exit("no fixture written")


if __name__ == "__main__":
    main()
