"""Gemma 2 and Gemma 3 (text) fixtures from google/gemma_pytorch's own model code (gemma.model.GemmaForCausalLM).

reference_dir is a checkout of https://github.com/google/gemma_pytorch (the folder holding the `gemma` package), for
example `git --git-dir=<clone>/.git archive 014acb7 gemma | tar -x -C DIR`. Nothing of it is copied here: its modules
are imported from that folder. Their import-time dependencies that only the tokenizer and the multimodal path use
(sentencepiece, PIL) get empty stand-in modules when they are not installed, and GemmaForCausalLM is built with a
stand-in tokenizer (the fixtures feed token ids, so no tokenizer runs).

forward() runs GemmaForCausalLM.forward exactly as its generate() drives it: K/V caches [1, P+S, H_kv, D] (the past in
[0, P), the new tokens written at input_positions P..P+S-1), the additive masks of generate() (triu(-2.3819763e38, 1)
and, for the sliding layers, that plus tril(-2.3819763e38, -sliding_window)) restricted to the rows of the input
positions, output_positions covering every new token and temperatures=None, so that the Sampler returns the
soft-capped logits of every position. The reference's cache layout [B, S, H_kv, D] is transposed to HF's
[1, H_kv, S, D]; its rotary embedding already uses the half-split order of HF's rotate_half.

Gemma 3: GemmaForCausalLM builds its global table without rope scaling; the released 4B/12B/27B checkpoints use linear
scaling 8 on the global layers (Gemma3ForMultimodalLM passes rope_scaling_factor=config.rope_scaling_factor for its
global table), so the text model's global_freqs_cis is rebuilt the same way with the reference's precompute_freqs_cis.
"""

import os
import sys
import types

import torch

from deep_thinking_reference import bf16_normal
from reference_support import checkout_commit

REFERENCE_REPO = "google/gemma_pytorch"
REFERENCE_COMMIT = "014acb7ac4563a5f77c76d7ff98f31b568c16508"
MASK_VALUE = -2.3819763e38  # what GemmaForCausalLM.generate fills its masks with


def fixture_specs():
    return [
        {"name": "gemma2", "seed": 51, "disk_dtype": torch.float32, "architecture": "GEMMA_2",
         "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
         "head_dim": 32, "intermediate_size": 128, "vocab_size": 512, "sliding_window_size": 16,
         "final_logit_softcapping": 30.0, "attn_logit_softcapping": 50.0, "query_pre_attn_scalar": 24,
         "use_qk_norm": False, "rope_theta": 10000.0, "max_position_embeddings": 128, "rms_norm_eps": 1e-6},
        {"name": "gemma3_text", "seed": 52, "disk_dtype": torch.bfloat16, "architecture": "GEMMA_3",
         "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1,
         "head_dim": 32, "intermediate_size": 128, "vocab_size": 512, "sliding_window_size": 16,
         "final_logit_softcapping": None, "attn_logit_softcapping": None, "query_pre_attn_scalar": 32,
         "use_qk_norm": True, "rope_local_base_freq": 10000.0, "rope_theta": 1000000.0, "rope_scaling_factor": 8,
         "max_position_embeddings": 128, "rms_norm_eps": 1e-6},
    ]


def _import_reference(reference_dir):
    """gemma.config and gemma.model from reference_dir, with stand-ins for the modules they import but never use on
    the text path (sentencepiece for the tokenizer, PIL for the SigLIP preprocessor)."""
    reference_dir = os.path.abspath(reference_dir)
    if not os.path.isfile(os.path.join(reference_dir, "gemma", "model.py")):
        raise SystemExit(f"{reference_dir} is not a gemma_pytorch checkout (no gemma/model.py)")
    for name in ("sentencepiece", "PIL"):
        try:
            __import__(name)
        except ImportError:
            stub = types.ModuleType(name)
            stub.__doc__ = "empty stand-in: the fixtures never tokenize text or load images"
            sys.modules[name] = stub
            if name == "PIL":
                image = types.ModuleType("PIL.Image")
                image.Image = type("Image", (), {})
                stub.Image = image
                sys.modules["PIL.Image"] = image
    if reference_dir not in sys.path:
        sys.path.insert(0, reference_dir)
    from gemma import config as gemma_config
    from gemma import model as gemma_model
    from gemma import tokenizer as gemma_tokenizer
    loaded = os.path.dirname(os.path.abspath(gemma_model.__file__))
    if loaded != os.path.join(reference_dir, "gemma"):
        raise SystemExit(f"imported gemma from {loaded}, not from {reference_dir}")
    return gemma_config, gemma_model, gemma_tokenizer




class _NoTokenizer:
    """Stands in for gemma.tokenizer.Tokenizer (sentencepiece and the .model file are not needed for ids)."""

    def __init__(self, model_path):
        self.bos_id, self.eos_id, self.pad_id = 2, 1, 0


class GemmaPytorchBackend:
    def __init__(self, spec, reference_dir):
        gemma_config, gemma_model, gemma_tokenizer = _import_reference(reference_dir)
        commit = checkout_commit(reference_dir)
        if commit is not None and commit != REFERENCE_COMMIT:
            print(f"warning: {reference_dir} is at {commit}, the fixtures were written from {REFERENCE_COMMIT}",
                  file=sys.stderr)
        self.spec = spec
        arch = gemma_config.Architecture[spec["architecture"]]
        local, glob = gemma_config.AttentionType.LOCAL_SLIDING, gemma_config.AttentionType.GLOBAL
        cfg = gemma_config.GemmaConfig(
            architecture=arch,
            vocab_size=spec["vocab_size"],
            max_position_embeddings=spec["max_position_embeddings"],
            num_hidden_layers=spec["num_hidden_layers"],
            num_attention_heads=spec["num_attention_heads"],
            num_key_value_heads=spec["num_key_value_heads"],
            hidden_size=spec["hidden_size"],
            intermediate_size=spec["intermediate_size"],
            head_dim=spec["head_dim"],
            rms_norm_eps=spec["rms_norm_eps"],
            dtype="float32",
            quant=False,
            tokenizer=None,
            attn_types=[local, glob],
            sliding_window_size=spec["sliding_window_size"],
            final_logit_softcapping=spec["final_logit_softcapping"],
            attn_logit_softcapping=spec["attn_logit_softcapping"],
            query_pre_attn_scalar=spec["query_pre_attn_scalar"],
            use_pre_ffw_norm=True,
            use_post_ffw_norm=True,
            use_qk_norm=spec["use_qk_norm"],
            rope_wave_length=({local: int(spec["rope_local_base_freq"]), glob: int(spec["rope_theta"])}
                              if arch == gemma_config.Architecture.GEMMA_3 else None),
            rope_scaling_factor=spec.get("rope_scaling_factor"),
        )
        self.config = cfg
        self.gemma_config, self.gemma_model = gemma_config, gemma_model
        real_tokenizer = gemma_tokenizer.Tokenizer
        gemma_tokenizer.Tokenizer = _NoTokenizer
        try:
            model = gemma_model.GemmaForCausalLM(cfg)
        finally:
            gemma_tokenizer.Tokenizer = real_tokenizer
        if arch == gemma_config.Architecture.GEMMA_3:
            if not (hasattr(model, "global_freqs_cis") and hasattr(model, "local_freqs_cis")):
                raise SystemExit("gemma.model.GemmaForCausalLM has no local/global rope tables for GEMMA_3")
            # As Gemma3ForMultimodalLM._register_freqs_cis builds the global table (linear scaling on global layers).
            model.global_freqs_cis = gemma_model.precompute_freqs_cis(
                cfg.head_dim, cfg.max_position_embeddings * 2, theta=spec["rope_theta"],
                rope_scaling_factor=spec["rope_scaling_factor"])
        # Random weights, in the module's registration order: RMSNorm weights w (applied as 1 + w) ~ N(0, 0.1),
        # every matrix (embedding included) ~ N(0, 0.15), all bf16-representable.
        with torch.no_grad():
            for name, param in model.named_parameters():
                std = 0.1 if param.dim() == 1 else 0.15
                param.copy_(bf16_normal(tuple(param.shape), std))
        model.eval()
        self.model = model
        self.reference = f"{REFERENCE_REPO}@{REFERENCE_COMMIT} gemma.model.GemmaForCausalLM ({arch.name})"
        self.vocab_size = cfg.vocab_size
        self.num_layers = cfg.num_hidden_layers
        self.num_kv_heads = cfg.num_key_value_heads
        self.head_dim = cfg.head_dim
        self.adds_bos = True
        self.tied_aliases = ["lm_head.weight"]

    @torch.no_grad()
    def forward(self, ids, past):
        cfg = self.config
        S = len(ids)
        P = 0 if past is None else past[0][0].shape[2]
        T = P + S
        if T > cfg.max_position_embeddings:
            raise ValueError(f"sequence of {T} tokens exceeds max_position_embeddings")
        caches = []
        for layer in range(cfg.num_hidden_layers):
            size = (1, T, cfg.num_key_value_heads, cfg.head_dim)  # the reference's cache layout [B, S, H_kv, D]
            k_cache = torch.zeros(size, dtype=torch.float32)
            v_cache = torch.zeros(size, dtype=torch.float32)
            if past is not None:
                k, v = past[layer]
                assert tuple(k.shape) == (1, cfg.num_key_value_heads, P, cfg.head_dim), k.shape
                k_cache[:, :P] = k.float().transpose(1, 2)
                v_cache[:, :P] = v.float().transpose(1, 2)
            caches.append((k_cache, v_cache))
        positions = torch.arange(P, T, dtype=torch.int64)
        # As GemmaForCausalLM.generate builds them (max_seq_len = T here), rows at the input positions.
        mask_tensor = torch.triu(torch.full((1, 1, T, T), MASK_VALUE).to(torch.float), diagonal=1)
        local_mask_tensor = mask_tensor + torch.tril(
            torch.full((1, 1, T, T), MASK_VALUE), diagonal=-cfg.sliding_window_size)
        mask = mask_tensor.index_select(2, positions)
        local_mask = local_mask_tensor.index_select(2, positions)
        input_ids = torch.tensor([ids], dtype=torch.int64)
        _, logits = self.model(
            input_token_ids=input_ids,
            input_positions=positions,
            kv_write_indices=None,  # GemmaForCausalLM.forward writes at input_positions
            kv_caches=caches,
            mask=mask,
            output_positions=torch.arange(S, dtype=torch.int64),
            temperatures=None,
            top_ps=torch.tensor([1.0]),
            top_ks=torch.tensor([cfg.vocab_size]),
            local_mask=local_mask,
        )
        logits = logits.reshape(S, cfg.vocab_size).float()
        new_kv = [(k[:, P:T].transpose(1, 2).contiguous(), v[:, P:T].transpose(1, 2).contiguous())
                  for k, v in caches]
        return logits, new_kv

    def hf_checkpoint(self):
        """The weights under transformers' names (Gemma2ForCausalLM / Gemma3ForCausalLM), config as HF writes it."""
        cfg, spec = self.config, self.spec
        q_size = cfg.num_attention_heads * cfg.head_dim
        kv_size = cfg.num_key_value_heads * cfg.head_dim
        tensors = {}
        for name, param in self.model.named_parameters():
            t = param.detach().clone().float()
            if name == "embedder.weight":
                tensors["model.embed_tokens.weight"] = t
            elif name.endswith("self_attn.qkv_proj.weight"):
                q, k, v = torch.split(t, [q_size, kv_size, kv_size], dim=0)
                for proj, w in (("q_proj", q), ("k_proj", k), ("v_proj", v)):
                    tensors[name.replace("qkv_proj", proj)] = w.contiguous()
            elif name.endswith("self_attn.query_norm.weight"):
                tensors[name.replace("query_norm", "q_norm")] = t
            elif name.endswith("self_attn.key_norm.weight"):
                tensors[name.replace("key_norm", "k_norm")] = t
            elif name.startswith("model."):
                tensors[name] = t
            else:
                raise SystemExit(f"unexpected reference parameter {name}")
        layer_types = ["sliding_attention" if a == self.gemma_config.AttentionType.LOCAL_SLIDING
                       else "full_attention" for a in cfg.attn_types]
        config = {
            "vocab_size": cfg.vocab_size,
            "hidden_size": cfg.hidden_size,
            "intermediate_size": cfg.intermediate_size,
            "num_hidden_layers": cfg.num_hidden_layers,
            "num_attention_heads": cfg.num_attention_heads,
            "num_key_value_heads": cfg.num_key_value_heads,
            "head_dim": cfg.head_dim,
            "hidden_activation": "gelu_pytorch_tanh",
            "max_position_embeddings": cfg.max_position_embeddings,
            "initializer_range": 0.02,
            "rms_norm_eps": cfg.rms_norm_eps,
            "use_cache": True,
            "pad_token_id": 0,
            "eos_token_id": 1,
            "bos_token_id": 2,
            "tie_word_embeddings": True,
            "attention_bias": False,
            "attention_dropout": 0.0,
            "query_pre_attn_scalar": cfg.query_pre_attn_scalar,
            "sliding_window": cfg.sliding_window_size,
            "final_logit_softcapping": cfg.final_logit_softcapping,
            "attn_logit_softcapping": cfg.attn_logit_softcapping,
            "layer_types": layer_types,
        }
        if cfg.architecture == self.gemma_config.Architecture.GEMMA_2:
            config.update({
                "model_type": "gemma2",
                "architectures": ["Gemma2ForCausalLM"],
                "rope_theta": spec["rope_theta"],
                "cache_implementation": "hybrid",
            })
        else:
            config.update({
                "model_type": "gemma3_text",
                "architectures": ["Gemma3ForCausalLM"],
                "rope_theta": spec["rope_theta"],
                "rope_local_base_freq": spec["rope_local_base_freq"],
                "rope_scaling": {"factor": float(spec["rope_scaling_factor"]), "rope_type": "linear"},
                "sliding_window_pattern": 2,
                "cache_implementation": "hybrid",
            })
        return config, tensors


def make_backend(spec, reference_dir):
    if not reference_dir:
        raise SystemExit("backend_gemma_pytorch needs --gemma-pytorch DIR (a google/gemma_pytorch checkout)")
    return GemmaPytorchBackend(spec, reference_dir)
