#!/usr/bin/env python3
"""The build's layering holds: no file includes a header of a layer above its own, no library links one, and the
LibTorch-free layers include no LibTorch header.

Usage: check_layering.py SOURCE_DIR LAYERING_FILE    (LAYERING_FILE: <build>/layering.txt, written by
       src/CMakeLists.txt from DT_LAYERS, the one place the order is written)
       check_layering.py --self-test                   (a small tree with one violation of each kind: all reported)

A file's layer is its folder under src/ or include/dt/; `#include "dt/<layer>/..."` names the included layer; a
relative include ("arch/x.h") stays in the file's own layer. Prints one line per violation and exits 1 when any.
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')
TORCH_HEADER = re.compile(r"^(ATen|torch|c10|caffe2)/")


def read_layering(path):
    order, torch_free, links = [], set(), {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            if words[0] == "order":
                order = words[1:]
            elif words[0] == "torch_free":
                torch_free = set(words[1:])
            elif words[0] == "links":
                links[words[1]] = words[2:]
    if not order:
        sys.exit(f"{path}: no 'order' line (is it the layering.txt that src/CMakeLists.txt writes?)")
    return order, torch_free, links


def layer_files(source_dir, layer):
    for root in (os.path.join(source_dir, "src", layer), os.path.join(source_dir, "include", "dt", layer)):
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith((".h", ".cpp")):
                    yield os.path.join(folder, name)


def violations(source_dir, order, torch_free, links):
    rank = {layer: i for i, layer in enumerate(order)}
    found = []
    folders = set(os.listdir(os.path.join(source_dir, "src")))
    for folder in sorted(folders):
        if os.path.isdir(os.path.join(source_dir, "src", folder)) and folder not in rank:
            found.append(f"src/{folder}: a folder that is not a layer (add it to DT_LAYERS)")
    for layer in order:
        for path in layer_files(source_dir, layer):
            relative = os.path.relpath(path, source_dir)
            with open(path, errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    header = m.group(1)
                    parts = header.split("/")
                    if parts[0] == "dt" and len(parts) > 2 and parts[1] in rank and rank[parts[1]] > rank[layer]:
                        found.append(f"{relative}:{number}: layer {layer} includes {header}, of layer {parts[1]} above it")
                    if layer in torch_free and TORCH_HEADER.match(header):
                        found.append(f"{relative}:{number}: layer {layer} is LibTorch-free but includes {header}")
    for layer, below in sorted(links.items()):
        for other in below:
            if other not in rank or layer not in rank or rank[other] >= rank[layer]:
                found.append(f"layering.txt: dt_{layer} links dt_{other}, which is not below it")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as root:
        def write(path, text):
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        write("src/util/a.cpp", '#include "dt/util/a.h"\n#include "dt/model/m.h"\n')
        write("include/dt/util/a.h", "#pragma once\n#include <ATen/ATen.h>\n")
        write("src/model/m.cpp", '#include "dt/util/a.h"\n#include <torch/torch.h>\n')
        write("layering.txt", "order util model\ntorch_free util\nlinks util model\nlinks model util\n")
        order, torch_free, links = read_layering(os.path.join(root, "layering.txt"))
        found = violations(root, order, torch_free, links)
    expected = ["includes dt/model/m.h", "LibTorch-free but includes ATen/ATen.h", "dt_util links dt_model"]
    missing = [e for e in expected if not any(e in v for v in found)]
    if missing or len(found) != len(expected):
        print("self-test failed: expected exactly", expected, "got", found)
        return 1
    print(f"self-test: the {len(found)} planted violations were reported")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source_dir, layering_file = sys.argv[1:]
    order, torch_free, links = read_layering(layering_file)
    found = violations(source_dir, order, torch_free, links)
    for v in found:
        print(v)
    if found:
        return 1
    print(f"layering holds: {len(order)} layers ({' < '.join(order)}); LibTorch-free: {' '.join(sorted(torch_free))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
