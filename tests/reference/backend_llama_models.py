"""Backend running Meta's own Llama 3 reference, meta-llama/llama-models models/llama3/model.py (Transformer), on
random weights in Meta's layout, and the same weights converted the way transformers' convert_llama_weights_to_hf.py
converts them.

The reference is imported from a checkout outside this repository (make_fixtures.py --llama-models DIR; DIR holds
models/llama3/model.py, e.g. `git archive a9c89c471f793423afd4cc3ca8671d6e56fe64cb | tar -x -C DIR`). Nothing of it is
copied here. Its one unavailable dependency, fairscale, is replaced at import time by a stub package written to a
temporary directory: with a model-parallel world size of 1 fairscale's ColumnParallelLinear and RowParallelLinear are
plain linear layers and VocabParallelEmbedding a plain embedding, which is all the stub provides.

Layouts. Meta's attention applies RoPE to interleaved pairs (dims 2i, 2i+1 of a head); transformers' Llama rotates
halves (dims i, D/2+i). The conversion script permutes the rows of wq and wk inside every head,
permute(w, n_heads, dim1, dim2) = w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2).reshape(dim1, dim2),
i.e. Meta row 2i -> HF row i and Meta row 2i+1 -> HF row D/2+i. The keys after RoPE are permuted the same way inside each
head (reference_support.meta_to_hf_dims), values not at all.
"""

import os
import sys

import torch

from deep_thinking_reference import bf16_normal
from reference_support import checkout_commit, hf_to_meta_dims, install_stubs, meta_to_hf_dims, permute_rows

REFERENCE_REPO = "meta-llama/llama-models"
REFERENCE_COMMIT = "a9c89c471f793423afd4cc3ca8671d6e56fe64cb"  # 2025-07-15
REFERENCE = f"{REFERENCE_REPO}@{REFERENCE_COMMIT} models/llama3/model.py Transformer"

# Tiny shapes. FeedForward computes hidden = multiple_of * ceil(int(2 * 4 * dim / 3) * ffn_dim_multiplier / multiple_of)
# = 64 * ceil(170 / 64) = 192, what convert_llama_weights_to_hf.compute_intermediate_size(64, 1, 64) gives too.
DIM, N_LAYERS, N_HEADS, N_KV_HEADS, VOCAB = 64, 2, 4, 2, 512
MULTIPLE_OF, FFN_DIM_MULTIPLIER = 64, None
INTERMEDIATE_SIZE = 192
NORM_EPS = 1e-5
ROPE_THETA = 500000.0
MAX_SEQ_LEN = 128
BOS, EOS = 1, 2  # Llama 3 uses 128000 / 128001; the tiny vocabulary keeps them at 1 / 2
WEIGHT_STD, NORM_STD = 0.15, 0.1

# The reference's apply_scaling hard-codes Llama 3.1's rope scaling (factor 8, low 1, high 4, original context 8192);
# the HF config states the same constants. Llama 3.2 (1B/3B) uses factor 32, which this reference cannot express, so
# the tied llama3_2 fixture keeps factor 8: it exercises the tied embeddings and bf16 storage, not 3.2's rope factor.
ROPE_SCALING = {
    "factor": 8.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    "original_max_position_embeddings": 8192,
    "rope_type": "llama3",
}

FAIRSCALE_STUB = {
    "fairscale/__init__.py": "",
    "fairscale/nn/__init__.py": "",
    "fairscale/nn/model_parallel/__init__.py": "",
    "fairscale/nn/model_parallel/initialize.py": (
        '"""Stub: a single model-parallel rank."""\n\n\n'
        "def get_model_parallel_world_size():\n"
        "    return 1\n"
    ),
    "fairscale/nn/model_parallel/layers.py": (
        '"""Stub: the parallel layers of fairscale at world size 1 (no sharding, no communication)."""\n\n'
        "from torch import nn\n\n\n"
        "class ColumnParallelLinear(nn.Linear):\n"
        "    def __init__(self, in_features, out_features, bias=True, gather_output=True, init_method=None, **_):\n"
        "        super().__init__(in_features, out_features, bias=bias)\n\n\n"
        "class RowParallelLinear(nn.Linear):\n"
        "    def __init__(self, in_features, out_features, bias=True, input_is_parallel=False, init_method=None, **_):\n"
        "        super().__init__(in_features, out_features, bias=bias)\n\n\n"
        "class VocabParallelEmbedding(nn.Embedding):\n"
        "    def __init__(self, num_embeddings, embedding_dim, init_method=None, **_):\n"
        "        super().__init__(num_embeddings, embedding_dim)\n"
    ),
}





def _import_reference(reference_dir):
    reference_dir = os.path.abspath(reference_dir)
    if not os.path.isfile(os.path.join(reference_dir, "models", "llama3", "model.py")):
        raise SystemExit(f"{reference_dir}: no models/llama3/model.py (a meta-llama/llama-models checkout)")
    install_stubs("llama_models", FAIRSCALE_STUB)
    if reference_dir not in sys.path:
        sys.path.insert(0, reference_dir)
    import importlib

    model = importlib.import_module("models.llama3.model")
    if not os.path.abspath(model.__file__).startswith(reference_dir + os.sep):
        raise SystemExit(f"models.llama3.model resolved to {model.__file__}, not under {reference_dir}")
    return model










def fixture_specs():
    return [
        {"name": "llama3_1", "seed": 31, "disk_dtype": torch.float32, "tied": False},
        {"name": "llama3_2", "seed": 32, "disk_dtype": torch.bfloat16, "tied": True},
    ]


class LlamaModelsBackend:
    def __init__(self, spec, reference_dir):
        ref = _import_reference(reference_dir)
        commit = checkout_commit(reference_dir)
        if commit is not None and commit != REFERENCE_COMMIT:
            print(f"warning: {reference_dir} is at {commit}, the fixtures were written from {REFERENCE_COMMIT}",
                  file=sys.stderr)
        self.tied = bool(spec["tied"])
        self.reference = REFERENCE + (" (output tied to tok_embeddings)" if self.tied else "")
        args = ref.ModelArgs(
            dim=DIM, n_layers=N_LAYERS, n_heads=N_HEADS, n_kv_heads=N_KV_HEADS, vocab_size=VOCAB,
            multiple_of=MULTIPLE_OF, ffn_dim_multiplier=FFN_DIM_MULTIPLIER, norm_eps=NORM_EPS, rope_theta=ROPE_THETA,
            use_scaled_rope=True, max_batch_size=1, max_seq_len=MAX_SEQ_LEN,
        )
        self.model = ref.Transformer(args).eval()
        self.vocab_size = VOCAB
        self.num_layers = N_LAYERS
        self.num_kv_heads = N_KV_HEADS
        self.head_dim = DIM // N_HEADS
        self.adds_bos = True
        self.tied_aliases = ["lm_head.weight"] if self.tied else []
        self.intermediate_size = self.model.layers[0].feed_forward.w1.out_features
        assert self.intermediate_size == INTERMEDIATE_SIZE, self.intermediate_size

        # Random weights in Meta's names, drawn in this fixed order under the caller's seed.
        torch.manual_seed(spec["seed"])
        d, hd = DIM, self.head_dim
        sd = {"tok_embeddings.weight": bf16_normal((VOCAB, d), WEIGHT_STD)}
        for i in range(N_LAYERS):
            p = f"layers.{i}."
            sd[p + "attention.wq.weight"] = bf16_normal((N_HEADS * hd, d), WEIGHT_STD)
            sd[p + "attention.wk.weight"] = bf16_normal((N_KV_HEADS * hd, d), WEIGHT_STD)
            sd[p + "attention.wv.weight"] = bf16_normal((N_KV_HEADS * hd, d), WEIGHT_STD)
            sd[p + "attention.wo.weight"] = bf16_normal((d, N_HEADS * hd), WEIGHT_STD)
            sd[p + "feed_forward.w1.weight"] = bf16_normal((self.intermediate_size, d), WEIGHT_STD)
            sd[p + "feed_forward.w2.weight"] = bf16_normal((d, self.intermediate_size), WEIGHT_STD)
            sd[p + "feed_forward.w3.weight"] = bf16_normal((self.intermediate_size, d), WEIGHT_STD)
            sd[p + "attention_norm.weight"] = bf16_normal((d,), NORM_STD, mean=1.0)
            sd[p + "ffn_norm.weight"] = bf16_normal((d,), NORM_STD, mean=1.0)
        sd["norm.weight"] = bf16_normal((d,), NORM_STD, mean=1.0)
        sd["output.weight"] = sd["tok_embeddings.weight"] if self.tied else bf16_normal((VOCAB, d), WEIGHT_STD)
        self.model.load_state_dict(sd, strict=True)
        if self.tied:
            self.model.output.weight = self.model.tok_embeddings.weight
        self.meta_state = {k: v.clone() for k, v in sd.items()}

    def forward(self, ids, past):
        S = len(ids)
        P = 0 if past is None else past[0][0].shape[2]
        if P + S > MAX_SEQ_LEN:
            raise ValueError(f"{P + S} positions exceed max_seq_len {MAX_SEQ_LEN}")
        attns = [layer.attention for layer in self.model.layers]
        for i, attn in enumerate(attns):
            cache_k = torch.zeros(1, MAX_SEQ_LEN, N_KV_HEADS, self.head_dim)
            cache_v = torch.zeros(1, MAX_SEQ_LEN, N_KV_HEADS, self.head_dim)
            if P:
                k, v = past[i]  # [1, H_kv, P, D], HF order
                cache_k[0, :P] = hf_to_meta_dims(k[0].float()).transpose(0, 1)
                cache_v[0, :P] = v[0].float().transpose(0, 1)
            attn.cache_k, attn.cache_v = cache_k, cache_v
        tokens = torch.tensor([list(ids)], dtype=torch.long)
        logits = self.model(tokens, start_pos=P)  # runs under the reference's own torch.inference_mode
        logits = logits[0].float().clone()
        new_kv = []
        for attn in attns:
            k = attn.cache_k[0, P:P + S].transpose(0, 1)  # [H_kv, S, D], Meta order
            v = attn.cache_v[0, P:P + S].transpose(0, 1)
            new_kv.append((meta_to_hf_dims(k).unsqueeze(0).float().clone(), v.unsqueeze(0).float().clone()))
        return logits, new_kv

    def hf_checkpoint(self):
        m, hd = self.meta_state, self.head_dim
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
        if not self.tied:
            t["lm_head.weight"] = m["output.weight"]
        t = {k: v.contiguous().clone() for k, v in t.items()}
        config = {
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "attention_bias": False,
            "attention_dropout": 0.0,
            "bos_token_id": BOS,
            "eos_token_id": EOS,
            "head_dim": hd,
            "hidden_act": "silu",
            "hidden_size": DIM,
            "initializer_range": 0.02,
            "intermediate_size": self.intermediate_size,
            "max_position_embeddings": MAX_SEQ_LEN,
            "mlp_bias": False,
            "num_attention_heads": N_HEADS,
            "num_hidden_layers": N_LAYERS,
            "num_key_value_heads": N_KV_HEADS,
            "pretraining_tp": 1,
            "rms_norm_eps": NORM_EPS,
            "rope_scaling": dict(ROPE_SCALING),
            "rope_theta": ROPE_THETA,
            "tie_word_embeddings": self.tied,
            "use_cache": True,
            "vocab_size": VOCAB,
        }
        return config, t


def make_backend(spec, reference_dir):
    return LlamaModelsBackend(spec, reference_dir)
