"""Qwen2, Qwen3 and Phi-3 (and LLaMA, for validation) in plain PyTorch, written from transformers' modeling files.

These families have no reference code of their authors outside transformers, so this module is an independent
implementation of the semantics of transformers' modeling_qwen2.py, modeling_qwen3.py and modeling_phi3.py (with
modeling_rope_utils.py for `longrope` and masking_utils.py for the sliding window), eager attention, float32. It
reads and writes the HF checkpoint layout (config.json + safetensors), so a fixture can be reloaded from disk and
recomputed (`load_checkpoint`), and the LLaMA fixture made with real transformers (../shared/golden/llama) can be run
through the same code path (a LLaMA is a Qwen2 without biases).

Semantics implemented (all per layer, hidden states [S, hidden] float32, batch 1):
  x = embed[ids]
  per layer:  h = x + o_proj(attn(rms(x) * w_in));  x = h + down(silu(gate(rms(h) * w_post)) * up(rms(h) * w_post))
  rms(x) = x * rsqrt(mean(x^2) + eps) in float32, then weight * that (weight applied after normalizing)
  attention: q = x Wq^T (+ bq), k, v likewise (Qwen2: biases on q, k, v, none on o; Qwen3/LLaMA: `attention_bias` on
    q, k, v and o; Phi-3: fused qkv_proj rows [q | k | v], no bias), viewed [S, H, D] with D = head_dim;
    Qwen3: q_norm / k_norm (RMSNorm over D with weight [D]) on every head BEFORE RoPE;
    RoPE (rotate_half, half-split) on the first rot = int(D * partial_rotary_factor) dims of q and k, positions
    P..P+S-1 (P = past length), inv_freq[i] = 1 / (ext[i] * theta^(2i/rot)) in float32 (ext = 1 without longrope),
    cos/sin = cos/sin(pos * inv_freq) * attention_factor, duplicated over both halves;
    GQA: kv head j serves query heads j*g .. j*g+g-1 (g = H / H_kv, repeat_kv);
    scores = q k^T * D^-0.5 (+ mask), softmax in float32, out = p v, heads concatenated, o_proj.
  mask: key at absolute position j is visible to the query at position i iff j <= i and, on a sliding layer,
    i - j < sliding_window.
  logits = final_rms(x) lm_head^T (lm_head = embed_tokens when tie_word_embeddings).
"""

import json
import math
import os
import struct

import torch

from deep_thinking_reference import bf16_normal

REFERENCE = ("transformers {} semantics (independent plain-PyTorch implementation written from transformers' "
             "{}; eager attention, float32)")
MODEL_FILES = {
    "llama": "modeling_llama.py",
    "qwen2": "modeling_qwen2.py + masking_utils.py",
    "qwen3": "modeling_qwen3.py",
    "phi3": "modeling_phi3.py + modeling_rope_utils.py (longrope)",
}
ARCHITECTURES = {"llama": "LlamaForCausalLM", "qwen2": "Qwen2ForCausalLM", "qwen3": "Qwen3ForCausalLM",
                 "phi3": "Phi3ForCausalLM"}


# ----------------------------------------------------------------------------------------------------------------
# safetensors reading (no `safetensors` package on Debian)

_ST_DTYPES = {"F32": (torch.float32, 4), "BF16": (torch.bfloat16, 2), "F16": (torch.float16, 2)}


def read_safetensors(path):
    """{name: float32 tensor} from a safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype, size = _ST_DTYPES[info["dtype"]]
        start, end = info["data_offsets"]
        raw = bytearray(data[base + start:base + end])
        count = (end - start) // size
        if dtype == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16, count=count).view(torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=dtype, count=count)
        out[name] = t.reshape(info["shape"]).to(torch.float32).clone()
    return out


def load_checkpoint(directory):
    """(config dict, {name: float32 tensor}) of an HF checkpoint directory (config.json + model.safetensors)."""
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    return config, read_safetensors(os.path.join(directory, "model.safetensors"))


# ----------------------------------------------------------------------------------------------------------------
# the model

def rms_norm(x, weight, eps):
    """RMSNorm as transformers' LlamaRMSNorm / Qwen2RMSNorm / Qwen3RMSNorm / Phi3RMSNorm: the variance in float32,
    the weight multiplied after normalizing."""
    x32 = x.to(torch.float32)
    variance = x32.pow(2).mean(-1, keepdim=True)
    return weight * (x32 * torch.rsqrt(variance + eps)).to(x.dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class RotaryTable:
    """cos/sin of rotate_half RoPE for one forward call, with LongRoPE's short/long choice."""

    def __init__(self, theta, rot_dim, longrope=None):
        # longrope: None or {"short": [...], "long": [...], "original_max": int, "attention_factor": float}
        self.theta, self.rot_dim, self.longrope = theta, rot_dim, longrope
        exponent = torch.arange(0, rot_dim, 2, dtype=torch.int64).float() / rot_dim  # float32, as HF
        if longrope is None:
            self.inv_freq = {"default": 1.0 / (theta ** exponent)}
            self.attention_factor = 1.0
        else:
            self.inv_freq = {
                which: 1.0 / (torch.tensor(longrope[which], dtype=torch.float32) * theta ** exponent)
                for which in ("short", "long")
            }
            self.attention_factor = longrope["attention_factor"]

    def choose(self, positions):
        """Which inverse frequencies a forward over `positions` uses. LongRoPE (dynamic_rope_update ->
        longrope_frequency_update): seq_len = max(position_ids) + 1; long factors iff seq_len > original_max."""
        if self.longrope is None:
            return "default"
        seq_len = int(positions.max()) + 1
        return "long" if seq_len > self.longrope["original_max"] else "short"

    def cos_sin(self, positions):
        inv_freq = self.inv_freq[self.choose(positions)]
        freqs = (inv_freq[:, None] @ positions[None, :].float()).transpose(0, 1)  # [S, rot/2], float32
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos() * self.attention_factor, emb.sin() * self.attention_factor


def apply_rotary(x, cos, sin):
    """x [H, S, D]; rotate the first cos.shape[-1] dims (partial rotary), pass the rest through."""
    rot = cos.shape[-1]
    x_rot, x_pass = x[..., :rot], x[..., rot:]
    return torch.cat((x_rot * cos + rotate_half(x_rot) * sin, x_pass), dim=-1)


class HFSemanticsModel:
    """A decoder-only model of model_type llama / qwen2 / qwen3 / phi3 from an HF config dict and HF-named tensors."""

    def __init__(self, config, tensors):
        c = config
        self.model_type = c["model_type"]
        if self.model_type not in MODEL_FILES:
            raise ValueError(f"unsupported model_type {self.model_type}")
        if c.get("hidden_act", "silu") != "silu":
            raise ValueError("only hidden_act silu is implemented")
        self.hidden = c["hidden_size"]
        self.num_layers = c["num_hidden_layers"]
        self.num_heads = c["num_attention_heads"]
        self.num_kv_heads = c.get("num_key_value_heads") or self.num_heads
        # Qwen3 (and newer Llama/Qwen2 configs) may give head_dim explicitly; otherwise hidden / heads.
        self.head_dim = c.get("head_dim") or self.hidden // self.num_heads
        self.vocab_size = c["vocab_size"]
        self.eps = c["rms_norm_eps"]
        self.scaling = self.head_dim ** -0.5
        self.tensors = {n: t.to(torch.float32) for n, t in tensors.items()}
        t = self.tensors
        self.embed = t["model.embed_tokens.weight"]
        tie = c.get("tie_word_embeddings", self.model_type not in ("llama", "phi3"))
        self.lm_head = self.embed if tie else t["lm_head.weight"]

        # attention biases: Qwen2 q/k/v (never o); Qwen3/LLaMA `attention_bias` on q/k/v/o; Phi-3 none.
        if self.model_type == "qwen2":
            self.qkv_bias, self.o_bias = True, False
        elif self.model_type == "phi3":
            self.qkv_bias = self.o_bias = False
        else:
            self.qkv_bias = self.o_bias = bool(c.get("attention_bias", False))
        self.qk_norm = self.model_type == "qwen3"

        # rotary
        theta = float(c.get("rope_theta", 10000.0))
        partial = float(c.get("partial_rotary_factor", 1.0))
        rot_dim = int(self.head_dim * partial)
        scaling = c.get("rope_scaling")
        longrope = None
        if scaling is not None:
            rope_type = scaling.get("rope_type", scaling.get("type"))
            if rope_type in ("su", "yarn") and self.model_type == "phi3":  # Phi3Config's BC renaming
                rope_type = "longrope"
            if rope_type == "default":
                pass
            elif rope_type == "longrope":
                original = c.get("original_max_position_embeddings")
                if original:
                    factor = c["max_position_embeddings"] / original
                else:
                    original, factor = c["max_position_embeddings"], scaling.get("factor")
                attention_factor = scaling.get("attention_factor")
                if attention_factor is None:
                    attention_factor = 1.0 if factor <= 1.0 else math.sqrt(1 + math.log(factor) / math.log(original))
                for which in ("short_factor", "long_factor"):
                    if len(scaling[which]) != rot_dim // 2:
                        raise ValueError(f"{which} has length {len(scaling[which])}, expected {rot_dim // 2}")
                longrope = {"short": scaling["short_factor"], "long": scaling["long_factor"],
                            "original_max": original, "attention_factor": attention_factor}
            else:
                raise ValueError(f"rope type {rope_type} not implemented")
        self.rotary = RotaryTable(theta, rot_dim, longrope)

        # sliding window layers
        window = c.get("sliding_window")
        if self.model_type in ("qwen2", "qwen3"):
            # Qwen2Config/Qwen3Config: sliding_window = sliding_window if use_sliding_window else None;
            # layer_types[i] = "sliding_attention" iff sliding_window is not None and i >= max_window_layers.
            if not c.get("use_sliding_window", False):
                window = None
            sliding = [window is not None and i >= c.get("max_window_layers", self.num_layers)
                       for i in range(self.num_layers)]
            if c.get("layer_types") is not None:
                given = [lt == "sliding_attention" for lt in c["layer_types"]]
                if given != sliding:
                    raise ValueError(f"layer_types {c['layer_types']} disagree with the max_window_layers rule")
        elif self.model_type == "phi3":
            sliding = [window is not None] * self.num_layers  # Phi3Model: one mask for every layer
        else:
            window, sliding = None, [False] * self.num_layers
        self.window = window
        self.sliding = sliding

    def _w(self, name):
        return self.tensors[name]

    def _qkv(self, layer, x):
        p = f"model.layers.{layer}.self_attn."
        nq, nkv = self.num_heads * self.head_dim, self.num_kv_heads * self.head_dim
        if self.model_type == "phi3":
            fused = x @ self._w(p + "qkv_proj.weight").t()
            q, k, v = fused[:, :nq], fused[:, nq:nq + nkv], fused[:, nq + nkv:]
        else:
            outs = []
            for name in ("q_proj", "k_proj", "v_proj"):
                bias = self._w(p + name + ".bias") if self.qkv_bias else None
                outs.append(torch.nn.functional.linear(x, self._w(p + name + ".weight"), bias))
            q, k, v = outs
        S = x.shape[0]
        q = q.view(S, self.num_heads, self.head_dim)
        k = k.view(S, self.num_kv_heads, self.head_dim)
        v = v.view(S, self.num_kv_heads, self.head_dim)
        if self.qk_norm:
            q = rms_norm(q, self._w(p + "q_norm.weight"), self.eps)
            k = rms_norm(k, self._w(p + "k_norm.weight"), self.eps)
        return q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # [H, S, D]

    def _mlp(self, layer, x):
        p = f"model.layers.{layer}.mlp."
        if self.model_type == "phi3":
            gate_up = x @ self._w(p + "gate_up_proj.weight").t()
            gate, up = gate_up.chunk(2, dim=-1)  # first half gate, second half up
        else:
            gate = x @ self._w(p + "gate_proj.weight").t()
            up = x @ self._w(p + "up_proj.weight").t()
        return (torch.nn.functional.silu(gate) * up) @ self._w(p + "down_proj.weight").t()

    def mask(self, layer, past_len, new_len):
        """Additive mask [S, P+S]: 0 where visible, float32 min where masked (HF's eager convention)."""
        q_pos = torch.arange(past_len, past_len + new_len)[:, None]
        k_pos = torch.arange(past_len + new_len)[None, :]
        visible = k_pos <= q_pos
        if self.sliding[layer]:
            visible = visible & (k_pos > q_pos - self.window)
        out = torch.zeros(new_len, past_len + new_len)
        out.masked_fill_(~visible, torch.finfo(torch.float32).min)
        return out

    def forward(self, ids, past):
        """logits [S, V] float32 and the K/V of the S new tokens, [1, H_kv, S, D] per layer (keys after RoPE)."""
        past_len = 0 if past is None else past[0][0].shape[2]
        S = len(ids)
        positions = torch.arange(past_len, past_len + S)
        cos, sin = self.rotary.cos_sin(positions)
        x = self.embed[torch.tensor(ids, dtype=torch.long)]
        new_kv = []
        groups = self.num_heads // self.num_kv_heads
        for layer in range(self.num_layers):
            p = f"model.layers.{layer}."
            h = rms_norm(x, self._w(p + "input_layernorm.weight"), self.eps)
            q, k, v = self._qkv(layer, h)
            q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
            new_kv.append((k.unsqueeze(0).clone(), v.unsqueeze(0).clone()))
            if past is not None:
                k = torch.cat((past[layer][0][0].to(torch.float32), k), dim=1)
                v = torch.cat((past[layer][1][0].to(torch.float32), v), dim=1)
            k = k.repeat_interleave(groups, dim=0)  # repeat_kv: kv head j -> query heads j*g .. j*g+g-1
            v = v.repeat_interleave(groups, dim=0)
            scores = (q @ k.transpose(1, 2)) * self.scaling + self.mask(layer, past_len, S)
            probs = torch.softmax(scores, dim=-1, dtype=torch.float32)
            attn = (probs @ v).transpose(0, 1).reshape(S, self.num_heads * self.head_dim)
            o_bias = self._w(p + "self_attn.o_proj.bias") if self.o_bias else None
            x = x + torch.nn.functional.linear(attn, self._w(p + "self_attn.o_proj.weight"), o_bias)
            h = rms_norm(x, self._w(p + "post_attention_layernorm.weight"), self.eps)
            x = x + self._mlp(layer, h)
        x = rms_norm(x, self._w("model.norm.weight"), self.eps)
        return x @ self.lm_head.t(), new_kv


# ----------------------------------------------------------------------------------------------------------------
# fixtures

def _longrope_factors(n):
    """Random LongRoPE rescale factors in [1, 4], 4 decimals (drawn from the fixture's torch seed)."""
    return [round(1.0 + 3.0 * float(u), 4) for u in torch.rand(n)]


def fixture_specs():
    common = dict(hidden_size=64, num_hidden_layers=2, vocab_size=512, max_position_embeddings=128,
                  num_attention_heads=4, intermediate_size=160)
    return [
        dict(name="qwen2", seed=61, disk_dtype=torch.bfloat16, model_type="qwen2", num_key_value_heads=2,
             tie_word_embeddings=True, use_sliding_window=False, sliding_window=16, max_window_layers=1,
             rope_theta=1000000.0, **common),
        dict(name="qwen2_window", seed=62, disk_dtype=torch.float32, model_type="qwen2", num_key_value_heads=2,
             tie_word_embeddings=False, use_sliding_window=True, sliding_window=16, max_window_layers=1,
             rope_theta=1000000.0, **common),
        dict(name="qwen3", seed=63, disk_dtype=torch.bfloat16, model_type="qwen3", num_key_value_heads=2,
             head_dim=32, tie_word_embeddings=False, rope_theta=1000000.0, **common),
        dict(name="phi3", seed=64, disk_dtype=torch.float32, model_type="phi3", num_key_value_heads=2,
             tie_word_embeddings=False, rope_theta=10000.0, **common),
        # original 20: the plain forward (16 tokens) takes the short factors, every forward with the demonstration
        # (24 tokens and more) the long ones, so no forward's choice depends on how a batch is padded or packed
        # (transformers decides per forward call from its largest position).
        dict(name="phi3_longrope", seed=65, disk_dtype=torch.float32, model_type="phi3", num_key_value_heads=2,
             tie_word_embeddings=False, rope_theta=10000.0, partial_rotary_factor=0.5, longrope=True,
             original_max_position_embeddings=20, **common),
    ]


def _config(spec, extra):
    """The config.json of a fixture, with every key transformers' config class of the family writes and reads."""
    mt = spec["model_type"]
    c = {
        "architectures": [ARCHITECTURES[mt]],
        "model_type": mt,
        "vocab_size": spec["vocab_size"],
        "hidden_size": spec["hidden_size"],
        "intermediate_size": spec["intermediate_size"],
        "num_hidden_layers": spec["num_hidden_layers"],
        "num_attention_heads": spec["num_attention_heads"],
        "num_key_value_heads": spec["num_key_value_heads"],
        "hidden_act": "silu",
        "max_position_embeddings": spec["max_position_embeddings"],
        "initializer_range": 0.02,
        "rms_norm_eps": 1e-05 if mt == "phi3" else 1e-06,
        "use_cache": True,
        "tie_word_embeddings": spec["tie_word_embeddings"],
        "rope_theta": spec["rope_theta"],
        "rope_scaling": None,
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "pad_token_id": 0,
    }
    if mt in ("qwen2", "qwen3"):
        use = spec.get("use_sliding_window", False)
        window = spec.get("sliding_window")
        mwl = spec.get("max_window_layers", spec["num_hidden_layers"])
        c.update(use_sliding_window=use, sliding_window=window, max_window_layers=mwl,
                 layer_types=["sliding_attention" if use and window is not None and i >= mwl else "full_attention"
                              for i in range(spec["num_hidden_layers"])])
    if mt == "qwen3":
        c.update(head_dim=spec["head_dim"], attention_bias=False)
    if mt == "phi3":
        c.update(resid_pdrop=0.0, embd_pdrop=0.0, sliding_window=None,
                 original_max_position_embeddings=spec.get("original_max_position_embeddings",
                                                           spec["max_position_embeddings"]),
                 partial_rotary_factor=spec.get("partial_rotary_factor", 1.0))
    c.update(extra)
    return c


class HFSemanticsBackend:
    def __init__(self, spec):
        mt = spec["model_type"]
        H, Hkv = spec["num_attention_heads"], spec["num_key_value_heads"]
        hidden, inter = spec["hidden_size"], spec["intermediate_size"]
        D = spec.get("head_dim") or hidden // H
        W = lambda *shape: bf16_normal(shape, 0.15)  # noqa: E731
        B = lambda n: bf16_normal((n,), 0.05)  # noqa: E731
        N = lambda n: bf16_normal((n,), 0.1, mean=1.0)  # noqa: E731
        t = {"model.embed_tokens.weight": W(spec["vocab_size"], hidden)}
        for i in range(spec["num_hidden_layers"]):
            a, m = f"model.layers.{i}.self_attn.", f"model.layers.{i}.mlp."
            if mt == "phi3":
                t[a + "qkv_proj.weight"] = W((H + 2 * Hkv) * D, hidden)
            else:
                t[a + "q_proj.weight"] = W(H * D, hidden)
                t[a + "k_proj.weight"] = W(Hkv * D, hidden)
                t[a + "v_proj.weight"] = W(Hkv * D, hidden)
                if mt == "qwen2":
                    for name, n in (("q_proj", H * D), ("k_proj", Hkv * D), ("v_proj", Hkv * D)):
                        t[a + name + ".bias"] = B(n)
            t[a + "o_proj.weight"] = W(hidden, H * D)
            if mt == "qwen3":
                t[a + "q_norm.weight"] = N(D)
                t[a + "k_norm.weight"] = N(D)
            if mt == "phi3":
                t[m + "gate_up_proj.weight"] = W(2 * inter, hidden)
            else:
                t[m + "gate_proj.weight"] = W(inter, hidden)
                t[m + "up_proj.weight"] = W(inter, hidden)
            t[m + "down_proj.weight"] = W(hidden, inter)
            t[f"model.layers.{i}.input_layernorm.weight"] = N(hidden)
            t[f"model.layers.{i}.post_attention_layernorm.weight"] = N(hidden)
        t["model.norm.weight"] = N(hidden)
        if not spec["tie_word_embeddings"]:
            t["lm_head.weight"] = W(spec["vocab_size"], hidden)
        extra = {}
        if spec.get("longrope"):
            rot = int(D * spec["partial_rotary_factor"])
            short = _longrope_factors(rot // 2)
            long = _longrope_factors(rot // 2)
            extra["rope_scaling"] = {"type": "longrope", "short_factor": short, "long_factor": long}
        self.config = _config(spec, extra)
        self.tensors = t
        self.model = HFSemanticsModel(self.config, t)
        self.reference = REFERENCE.format(f"modeling_{mt}.py", MODEL_FILES[mt])
        self.vocab_size = self.model.vocab_size
        self.num_layers = self.model.num_layers
        self.num_kv_heads = self.model.num_kv_heads
        self.head_dim = self.model.head_dim
        self.adds_bos = mt in ("phi3", "llama")  # Qwen's tokenizer adds no BOS; Phi-3's (LLaMA's) adds <s> = 1
        self.tied_aliases = ["lm_head.weight"] if spec["tie_word_embeddings"] else []
        # make_fixtures' check that a forward with a past equals the whole forward: with LongRoPE that holds only
        # when the head and the whole call use the same factors (transformers then differs too: the head's keys
        # keep their short-factor rotation), so check once below and once above original_max_position_embeddings.
        lr = self.model.rotary.longrope
        self.cache_checks = [(40, 17)] if lr is None else [(lr["original_max"], 17),
                                                            (lr["original_max"] + 8, lr["original_max"] + 2)]

    def forward(self, ids, past):
        return self.model.forward(ids, past)

    def hf_checkpoint(self):
        return dict(self.config), dict(self.tensors)


def make_backend(spec, reference_dir):
    return HFSemanticsBackend(spec)


# ----------------------------------------------------------------------------------------------------------------
# checking a fixture directory (also one made with real transformers, e.g. ../shared/golden/llama)

def check_fixture(directory):
    """Reloads config.json + model.safetensors, recomputes cases.json's expected.float32 with this implementation
    and the harness, and compares under ../shared/golden/README.md's tolerances. Returns (failures, worst) with
    worst[kind] = (deviation / tolerance, path, got, expected)."""
    from deep_thinking_reference import expected_outputs

    config, tensors = load_checkpoint(directory)
    with open(os.path.join(directory, "cases.json")) as f:
        cases = json.load(f)
    model = HFSemanticsModel(config, tensors)
    got = expected_outputs(model, cases["inputs"], cases["kv_sample_indices"])
    failures, worst = [], {}

    def visit(exp, out, key, path):
        if isinstance(exp, dict):
            for k in exp:
                if k != "t":
                    visit(exp[k], out[k], k, f"{path}.{k}")
        elif isinstance(exp, list):
            if len(exp) != len(out):
                failures.append((path, len(out), len(exp)))
                return
            for i, (e, o) in enumerate(zip(exp, out)):
                visit(e, o, key, f"{path}[{i}]")
        else:
            if key.startswith("pred_"):
                kind, tol = "predictions", 0.0
            elif key.endswith("_norm") and key != "norm_lm_log_p":
                kind, tol = "kv_norms", 1e-5 * abs(exp)
            elif key.endswith("_samples"):
                kind, tol = "kv_samples", 1e-5 + 1e-4 * abs(exp)
            elif key.endswith("logits"):
                kind, tol = "logits", 1e-4 + 1e-4 * abs(exp)
            else:
                kind, tol = "log_probs", 1e-4 + 1e-4 * abs(exp)
            dev = abs(out - exp)
            if dev > tol:
                failures.append((path, out, exp))
            ratio = dev / tol if tol > 0 else float(dev > 0)
            if kind not in worst or ratio > worst[kind][0]:
                worst[kind] = (ratio, path, out, exp)

    visit(cases["expected"]["float32"], got, "", "expected.float32")
    return failures, worst


def main():
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="check fixture directories against this implementation")
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(1)
    bad = 0
    for d in args.dirs:
        failures, worst = check_fixture(d)
        print(f"{d}: {'OK' if not failures else f'{len(failures)} FAILURES'}")
        for path, out, exp in failures[:10]:
            print(f"  FAIL {path}: got {out!r}, expected {exp!r}")
        for kind, (ratio, path, out, exp) in sorted(worst.items()):
            print(f"  worst {kind}: {ratio:.3g} x tolerance, |diff| {abs(out - exp):.3g} at {path}")
        bad += bool(failures)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
