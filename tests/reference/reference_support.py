"""What the backends of the authors' reference code share: stub packages for dependencies Debian does not have,
written to a temporary directory put first on sys.path; the commit of a reference checkout; and the permutation
between Meta's interleaved rotary order and transformers' half-split one (Llama and Mistral checkpoints are converted
to HF's layout with it, as convert_llama_weights_to_hf.py / convert_mistral_weights_to_hf.py permute wq and wk)."""

import os
import subprocess
import sys
import tempfile

_stub_dirs = {}


def install_stubs(name, files):
    """Writes `files` ({relative path: text}) once under a temporary directory and puts it first on sys.path."""
    if name in _stub_dirs:
        return
    _stub_dirs[name] = tempfile.TemporaryDirectory(prefix=f"dt_{name}_stubs_")
    root = _stub_dirs[name].name
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    sys.path.insert(0, root)


def checkout_commit(reference_dir):
    """HEAD of reference_dir when it is a git checkout (None for an exported tree)."""
    try:
        out = subprocess.run(["git", "-C", reference_dir, "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def meta_to_hf_dims(x):
    """Last dim of each head from the interleaved rotary order to HF's half-split order (2i -> i, 2i+1 -> D/2+i)."""
    d = x.shape[-1]
    return x.reshape(*x.shape[:-1], d // 2, 2).transpose(-1, -2).reshape(*x.shape[:-1], d)


def hf_to_meta_dims(x):
    """The inverse of meta_to_hf_dims."""
    d = x.shape[-1]
    return x.reshape(*x.shape[:-1], 2, d // 2).transpose(-1, -2).reshape(*x.shape[:-1], d)


def permute_rows(w, n_heads, dim1, dim2):
    """The conversion scripts' permute of wq / wk rows: Meta row 2i -> HF row i, 2i+1 -> D/2+i, inside each head."""
    return w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2).reshape(dim1, dim2)
