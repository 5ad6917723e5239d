"""Backend running Mistral's own reference, mistralai/mistral-inference src/mistral_inference/transformer.py
(Transformer, built from transformer_layers.py's TransformerBlock / Attention / FeedForward / RMSNorm and rope.py's
precompute_freqs_cis / apply_rotary_emb), on random weights in Mistral's layout, and the same weights converted the way
transformers' convert_mistral_weights_to_hf.py converts them.

The reference is imported from a checkout outside this repository (make_fixtures.py --mistral-inference DIR; DIR holds
src/mistral_inference/, e.g. `git archive 2557e12d0e1878a1562ece30434820f80aa3e12a | tar -x -C DIR`). Nothing of it is
copied here. Stubs written at import time to a temporary directory stand in for its unavailable dependencies:

- xformers.ops.fmha.memory_efficient_attention(q, k, v, attn_bias): q/k/v in xformers' [B, S, H, D] layout,
  softmax(q k^T / sqrt(D) + attn_bias) v, where attn_bias is None or a dense additive tensor (xformers' own semantics
  for a tensor bias; its default scale is 1/sqrt(D)). xformers.ops.fmha.attn_bias only provides the mask class names
  that cache.py / transformer_layers.py / vision_encoder.py import; they are never instantiated here.
- simple_parsing.helpers.Serializable: an empty base class (only its from_dict/to_dict file loading would use it).
- safetensors.torch: an empty module (only the reference's checkpoint loaders use it).

The reference's BufferCache (a rolling buffer of sliding_window slots) builds xformers mask objects. In its place
DenseCache below is duck-typed as a BufferCache for Transformer.forward (get_input_metadata / get_view / update_seqlens):
it keeps the past unrolled in a buffer of MAX_POSITIONS slots (what BufferCache does without a sliding window) and hands
each layer the reference's own CacheInputMetadata and CacheView (prefill=True: interleave_kv puts the past keys before the
new ones, update writes the new ones at their positions), with metadata.mask a dense additive tensor equal to what the
reference's xformers masks materialize to: BlockDiagonalCausalMask.make_local_attention(W) for a first prefill and
BlockDiagonalMask.make_local_attention_from_bottomright(W) for a prefill after a cache, W the sliding window (the cache
size), i.e. the query at absolute position i sees the key at position j iff 0 <= i - j < W. Keeping the whole past
rather than the last W keys changes nothing: the keys outside the window are masked. (Transformer.forward without a cache
would attend bidirectionally: TransformerBlock.forward drops its mask argument, and Attention then passes
attn_bias=None, so every forward here goes through a cache, also the one without a past.)

Layouts: as for Llama, Mistral rotates interleaved pairs and transformers halves; the conversion permutes the rows of
wq and wk per head (head_dim taken from the config, so head_dim != hidden/heads works) and the keys after RoPE are
permuted the same way per head.
"""

import os
import sys

import torch

from deep_thinking_reference import bf16_normal
from reference_support import checkout_commit, hf_to_meta_dims, install_stubs, meta_to_hf_dims, permute_rows

REFERENCE_REPO = "mistralai/mistral-inference"
REFERENCE_COMMIT = "2557e12d0e1878a1562ece30434820f80aa3e12a"  # 2026-02-26
REFERENCE = f"{REFERENCE_REPO}@{REFERENCE_COMMIT} src/mistral_inference/transformer.py Transformer"

# Tiny shapes; head_dim 32 with hidden 64 and 4 heads (q dim 128 != hidden), as Mistral-Nemo's 128 with 5120 / 32.
DIM, N_LAYERS, N_HEADS, N_KV_HEADS, HEAD_DIM, HIDDEN_DIM, VOCAB = 64, 2, 4, 2, 32, 192, 512
NORM_EPS = 1e-5
ROPE_THETA = 1e6
SLIDING_WINDOW = 16
MAX_POSITIONS = 128
BOS, EOS = 1, 2
WEIGHT_STD, NORM_STD = 0.15, 0.1

STUBS = {
    "xformers/__init__.py": "",
    "xformers/ops/__init__.py": "",
    "xformers/ops/fmha/__init__.py": (
        '"""Stub: memory_efficient_attention for a dense additive bias (or none), B=1 or more, [B, S, H, D]."""\n\n'
        "import torch\n\n\n"
        "def memory_efficient_attention(query, key, value, attn_bias=None, p=0.0, scale=None, **_):\n"
        "    if p != 0.0:\n"
        "        raise NotImplementedError('dropout')\n"
        "    if attn_bias is not None and not isinstance(attn_bias, torch.Tensor):\n"
        "        raise TypeError(f'stub takes a dense bias tensor, got {type(attn_bias).__name__}')\n"
        "    if scale is None:\n"
        "        scale = query.shape[-1] ** -0.5\n"
        "    q, k, v = (t.float().transpose(1, 2) for t in (query, key, value))  # [B, H, S, D]\n"
        "    scores = torch.matmul(q, k.transpose(-1, -2)) * scale\n"
        "    if attn_bias is not None:\n"
        "        scores = scores + attn_bias.float()\n"
        "    out = torch.matmul(torch.softmax(scores, dim=-1), v)\n"
        "    return out.transpose(1, 2).contiguous().to(query.dtype)\n"
    ),
    "xformers/ops/fmha/attn_bias.py": (
        '"""Stub: the mask class names imported by mistral_inference; not usable."""\n\n\n'
        "class AttentionBias:\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        raise NotImplementedError('xformers attn_bias stub')\n\n\n"
        "class BlockDiagonalMask(AttentionBias):\n"
        "    pass\n\n\n"
        "class BlockDiagonalCausalMask(BlockDiagonalMask):\n"
        "    pass\n\n\n"
        "class BlockDiagonalCausalWithOffsetPaddedKeysMask(AttentionBias):\n"
        "    pass\n"
    ),
    "simple_parsing/__init__.py": "",
    "simple_parsing/helpers.py": '"""Stub."""\n\n\nclass Serializable:\n    pass\n',
    "safetensors/__init__.py": "",
    "safetensors/torch.py": (
        '"""Stub: only the reference\'s checkpoint loaders use it."""\n\n\n'
        "def load_file(*args, **kwargs):\n"
        "    raise NotImplementedError('safetensors stub')\n"
    ),
}





def _import_reference(reference_dir):
    src = os.path.join(os.path.abspath(reference_dir), "src")
    if not os.path.isfile(os.path.join(src, "mistral_inference", "transformer_layers.py")):
        raise SystemExit(f"{reference_dir}: no src/mistral_inference/ (a mistralai/mistral-inference checkout)")
    install_stubs("mistral_inference", STUBS)
    if src not in sys.path:
        sys.path.insert(0, src)
    import importlib

    transformer = importlib.import_module("mistral_inference.transformer")
    args = importlib.import_module("mistral_inference.args")
    cache = importlib.import_module("mistral_inference.cache")
    if not os.path.abspath(transformer.__file__).startswith(src + os.sep):
        raise SystemExit(f"mistral_inference resolved to {transformer.__file__}, not under {src}")
    return transformer, args, cache










def sliding_window_bias(past, new, window):
    """Dense additive mask [new, past + new]: query at position past + s sees key j iff 0 <= past + s - j < window."""
    i = torch.arange(past, past + new)[:, None]
    j = torch.arange(past + new)[None, :]
    visible = (j <= i) & (i - j < window)
    return torch.zeros(new, past + new).masked_fill(~visible, float("-inf"))


class DenseCache:
    """Stands in for BufferCache in Transformer.forward (get_input_metadata / get_view / update_seqlens) for one
    sequence: a cache of MAX_POSITIONS slots (no rolling, like BufferCache without a sliding window) holding the given
    past at 0..P-1, the reference's own CacheInputMetadata and CacheView, and a dense sliding-window mask in place of
    xformers' mask objects."""

    def __init__(self, cache_module, past_kv, window):
        self.cache_module = cache_module
        self.past = past_kv[0][0].shape[0]
        self.window = window
        self.cache_k, self.cache_v = [], []
        for k, v in past_kv:  # [P, H_kv, D] in the reference's order
            ck = torch.zeros(1, MAX_POSITIONS, N_KV_HEADS, HEAD_DIM)
            cv = torch.zeros(1, MAX_POSITIONS, N_KV_HEADS, HEAD_DIM)
            ck[0, :self.past], cv[0, :self.past] = k, v
            self.cache_k.append(ck)
            self.cache_v.append(cv)
        self.kv_seqlens = torch.tensor([self.past], dtype=torch.long)

    def get_input_metadata(self, seqlens):
        assert len(seqlens) == 1, seqlens
        (S,) = seqlens
        positions = torch.arange(self.past, self.past + S, dtype=torch.long)
        metadata = self.cache_module.CacheInputMetadata(
            positions=positions,
            to_cache_mask=torch.ones(S, dtype=torch.bool),
            cached_elements=torch.tensor([S], dtype=torch.long),
            cache_positions=positions,
            prefill=True,
            mask=sliding_window_bias(self.past, S, self.window),
            seqlens=[S],
        )
        return [metadata for _ in self.cache_k]

    def get_view(self, layer_id, metadata):
        return self.cache_module.CacheView(self.cache_k[layer_id], self.cache_v[layer_id], metadata, self.kv_seqlens)

    def update_seqlens(self, seqlens):
        pass


def fixture_specs():
    return [{"name": "mistral", "seed": 41, "disk_dtype": torch.float32}]


class MistralInferenceBackend:
    def __init__(self, spec, reference_dir):
        transformer, args_mod, self.cache_module = _import_reference(reference_dir)
        commit = checkout_commit(reference_dir)
        if commit is not None and commit != REFERENCE_COMMIT:
            print(f"warning: {reference_dir} is at {commit}, the fixtures were written from {REFERENCE_COMMIT}",
                  file=sys.stderr)
        self.reference = REFERENCE
        args = args_mod.TransformerArgs(
            dim=DIM, n_layers=N_LAYERS, head_dim=HEAD_DIM, hidden_dim=HIDDEN_DIM, n_heads=N_HEADS,
            n_kv_heads=N_KV_HEADS, norm_eps=NORM_EPS, vocab_size=VOCAB, max_batch_size=1, rope_theta=ROPE_THETA,
            sliding_window=SLIDING_WINDOW,
        )
        self.args = args
        self.model = transformer.Transformer(args).eval()
        self.vocab_size = VOCAB
        self.num_layers = N_LAYERS
        self.num_kv_heads = N_KV_HEADS
        self.head_dim = HEAD_DIM
        self.adds_bos = True
        self.tied_aliases = []

        torch.manual_seed(spec["seed"])
        d, hd = DIM, HEAD_DIM
        sd = {"tok_embeddings.weight": bf16_normal((VOCAB, d), WEIGHT_STD)}
        for i in range(N_LAYERS):
            p = f"layers.{i}."
            sd[p + "attention.wq.weight"] = bf16_normal((N_HEADS * hd, d), WEIGHT_STD)
            sd[p + "attention.wk.weight"] = bf16_normal((N_KV_HEADS * hd, d), WEIGHT_STD)
            sd[p + "attention.wv.weight"] = bf16_normal((N_KV_HEADS * hd, d), WEIGHT_STD)
            sd[p + "attention.wo.weight"] = bf16_normal((d, N_HEADS * hd), WEIGHT_STD)
            sd[p + "feed_forward.w1.weight"] = bf16_normal((HIDDEN_DIM, d), WEIGHT_STD)
            sd[p + "feed_forward.w2.weight"] = bf16_normal((d, HIDDEN_DIM), WEIGHT_STD)
            sd[p + "feed_forward.w3.weight"] = bf16_normal((HIDDEN_DIM, d), WEIGHT_STD)
            sd[p + "attention_norm.weight"] = bf16_normal((d,), NORM_STD, mean=1.0)
            sd[p + "ffn_norm.weight"] = bf16_normal((d,), NORM_STD, mean=1.0)
        sd["norm.weight"] = bf16_normal((d,), NORM_STD, mean=1.0)
        sd["output.weight"] = bf16_normal((VOCAB, d), WEIGHT_STD)
        # Transformer.load_state_dict passes assign= to nn.Module.load_state_dict (torch >= 2.1); on torch 1.13 the
        # parameters are copied directly, after the same strict check of names and shapes.
        params = dict(self.model.named_parameters())
        if set(params) != set(sd):
            raise SystemExit(f"parameter names differ: {sorted(set(params) ^ set(sd))}")
        with torch.no_grad():
            for name, value in sd.items():
                if params[name].shape != value.shape:
                    raise SystemExit(f"{name}: {tuple(params[name].shape)} != {tuple(value.shape)}")
                params[name].copy_(value)
        self.meta_state = {k: v.clone() for k, v in sd.items()}

    def forward(self, ids, past):
        S = len(ids)
        P = 0 if past is None else past[0][0].shape[2]
        if P + S > MAX_POSITIONS:
            raise ValueError(f"{P + S} positions exceed {MAX_POSITIONS}")
        if past is None:
            past_kv = [(torch.zeros(0, N_KV_HEADS, HEAD_DIM), torch.zeros(0, N_KV_HEADS, HEAD_DIM))
                       for _ in range(N_LAYERS)]
        else:
            past_kv = [(hf_to_meta_dims(k[0].float()).transpose(0, 1).contiguous(),
                        v[0].float().transpose(0, 1).contiguous()) for k, v in past]
        cache = DenseCache(self.cache_module, past_kv, SLIDING_WINDOW)
        with torch.no_grad():
            logits = self.model(torch.tensor(list(ids), dtype=torch.long), seqlens=[S], cache=cache)
        new_kv = []
        for i in range(N_LAYERS):
            k = cache.cache_k[i][0, P:P + S].transpose(0, 1)  # [H_kv, S, D], reference order
            v = cache.cache_v[i][0, P:P + S].transpose(0, 1)
            new_kv.append((meta_to_hf_dims(k).unsqueeze(0).float().contiguous(), v.unsqueeze(0).float().contiguous()))
        return logits.float().clone(), new_kv

    def hf_checkpoint(self):
        m, hd = self.meta_state, HEAD_DIM
        t = {"model.embed_tokens.weight": m["tok_embeddings.weight"]}
        for i in range(N_LAYERS):
            p, q = f"layers.{i}.", f"model.layers.{i}."
            t[q + "self_attn.q_proj.weight"] = permute_rows(m[p + "attention.wq.weight"], N_HEADS, N_HEADS * hd, DIM)
            t[q + "self_attn.k_proj.weight"] = permute_rows(
                m[p + "attention.wk.weight"], N_KV_HEADS, N_KV_HEADS * hd, DIM)
            t[q + "self_attn.v_proj.weight"] = m[p + "attention.wv.weight"]
            t[q + "self_attn.o_proj.weight"] = m[p + "attention.wo.weight"]
            t[q + "mlp.gate_proj.weight"] = m[p + "feed_forward.w1.weight"]
            t[q + "mlp.down_proj.weight"] = m[p + "feed_forward.w2.weight"]
            t[q + "mlp.up_proj.weight"] = m[p + "feed_forward.w3.weight"]
            t[q + "input_layernorm.weight"] = m[p + "attention_norm.weight"]
            t[q + "post_attention_layernorm.weight"] = m[p + "ffn_norm.weight"]
        t["model.norm.weight"] = m["norm.weight"]
        t["lm_head.weight"] = m["output.weight"]
        t = {k: v.contiguous().clone() for k, v in t.items()}
        config = {
            "architectures": ["MistralForCausalLM"],
            "model_type": "mistral",
            "attention_dropout": 0.0,
            "bos_token_id": BOS,
            "eos_token_id": EOS,
            "head_dim": HEAD_DIM,
            "hidden_act": "silu",
            "hidden_size": DIM,
            "initializer_range": 0.02,
            "intermediate_size": HIDDEN_DIM,
            "max_position_embeddings": MAX_POSITIONS,
            "num_attention_heads": N_HEADS,
            "num_hidden_layers": N_LAYERS,
            "num_key_value_heads": N_KV_HEADS,
            "rms_norm_eps": NORM_EPS,
            "rope_theta": ROPE_THETA,
            "sliding_window": SLIDING_WINDOW,
            "tie_word_embeddings": False,
            "use_cache": True,
            "vocab_size": VOCAB,
        }
        return config, t


def make_backend(spec, reference_dir):
    return MistralInferenceBackend(spec, reference_dir)
