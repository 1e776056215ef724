"""Hugging Face MarianMT folders (opus-mt) in this project's model: the paper's base Transformer described by
our config (swish, [sin | cos] positions, an output bias, decoding from the pad id) and its weights renamed.

A folder exactly as `save_pretrained` or a hub download leaves it: config.json (model_type "marian"),
model.safetensors or pytorch_model.bin, source.spm, target.spm, vocab.json. Nothing is downloaded here.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import torch

from .config import ModelConfig
from .model import Transformer
from .tokenizer import MarianTokenizer

FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
ACTIVATIONS = {"relu": "relu", "swish": "swish", "silu": "swish", "gelu": "gelu"}


class MarianError(ValueError):
    """A Marian folder this model cannot describe (e.g. encoder and decoder of different depths)."""


def is_marian_folder(path: Path | str) -> bool:
    f = Path(path) / "config.json"
    try:
        return f.is_file() and json.loads(f.read_text()).get("model_type") == "marian"
    except (OSError, ValueError):
        return False


def missing_files(path: Path) -> list[str]:
    missing = [name for name in FILES if not (path / name).is_file()]
    if not any((path / name).is_file() for name in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    return missing


def config_from_marian(hf: dict) -> ModelConfig:
    """Our description of a MarianConfig; refuses what our model cannot be (one depth, width and head count
    for both stacks, shared and tied embeddings, post-norm)."""
    same = [
        ("encoder_layers", "decoder_layers"),
        ("encoder_attention_heads", "decoder_attention_heads"),
        ("encoder_ffn_dim", "decoder_ffn_dim"),
    ]
    for a, b in same:
        if hf[a] != hf[b]:
            raise MarianError(f"{a} {hf[a]} and {b} {hf[b]} differ: this explorer's model has one value for both")
    if hf.get("decoder_vocab_size", hf["vocab_size"]) != hf["vocab_size"] or not hf.get(
        "share_encoder_decoder_embeddings", True
    ):
        raise MarianError("source and target embeddings are separate: this explorer's model shares one matrix")
    if hf.get("normalize_before", False):
        raise MarianError("a pre-norm Marian model: only post-norm Marian folders are read")
    activation = ACTIVATIONS.get(hf.get("activation_function", "swish"))
    if activation is None:
        raise MarianError(f"activation {hf.get('activation_function')!r} is not one this model knows")
    pad = hf["pad_token_id"]
    return ModelConfig(
        vocab_size=hf["vocab_size"],
        d_model=hf["d_model"],
        n_heads=hf["encoder_attention_heads"],
        n_layers=hf["encoder_layers"],
        d_ff=hf["encoder_ffn_dim"],
        dropout=hf.get("dropout", 0.1),
        max_len=hf["max_position_embeddings"],
        pad_id=pad,
        unk_id=1,  # replaced from vocab.json when the folder is read
        bos_id=pad,  # Marian has no <s>
        eos_id=hf["eos_token_id"],
        positional="sinusoidal_halves",
        causal_mask=True,
        scale_scores=True,
        scale_embeddings=hf.get("scale_embedding", False),
        norm_first=False,
        activation=activation,
        layer_norm_eps=1e-5,
        output_bias=True,
        decoder_start_id=hf.get("decoder_start_token_id", pad),
        never_output=(pad,),  # generate()'s bad_words_ids [[pad]]
    )


_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """A .safetensors file by its published layout (u64 header length, JSON header, raw little-endian data),
    without the safetensors package."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    body = memoryview(data)[8 + n :]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        out[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype).reshape(info["shape"])
    return out


def read_weights(path: Path) -> dict[str, torch.Tensor]:
    if (path / "model.safetensors").is_file():
        return read_safetensors(path / "model.safetensors")
    return torch.load(path / "pytorch_model.bin", map_location="cpu", weights_only=True)


def _layer_names(kind: str, i: int) -> dict[str, str]:
    """Our parameter names of one layer -> Marian's (without the weight/bias suffix)."""
    ours, theirs = f"{kind}.{i}", f"model.{kind}.layers.{i}"
    names = {f"{ours}.self_attn.w_{p}": f"{theirs}.self_attn.{p}_proj" for p in "qkv"}
    names[f"{ours}.self_attn.w_o"] = f"{theirs}.self_attn.out_proj"
    names[f"{ours}.ffn.w_1"], names[f"{ours}.ffn.w_2"] = f"{theirs}.fc1", f"{theirs}.fc2"
    names[f"{ours}.add_norm.0.norm"] = f"{theirs}.self_attn_layer_norm"
    if kind == "decoder":
        names.update({f"{ours}.cross_attn.w_{p}": f"{theirs}.encoder_attn.{p}_proj" for p in "qkv"})
        names[f"{ours}.cross_attn.w_o"] = f"{theirs}.encoder_attn.out_proj"
        names[f"{ours}.add_norm.1.norm"] = f"{theirs}.encoder_attn_layer_norm"
        names[f"{ours}.add_norm.2.norm"] = f"{theirs}.final_layer_norm"
    else:
        names[f"{ours}.add_norm.1.norm"] = f"{theirs}.final_layer_norm"
    return names


def state_from_marian(hf_state: dict[str, torch.Tensor], cfg: ModelConfig) -> dict[str, torch.Tensor]:
    """Marian's state dict renamed to ours; every tensor our model needs must be there."""
    shared = next(
        (hf_state[k] for k in ("model.shared.weight", "model.encoder.embed_tokens.weight") if k in hf_state), None
    )
    if shared is None:
        raise MarianError("no shared embedding matrix (model.shared.weight) in the weights")
    state = {"embed.lut.weight": shared, "final_logits_bias": hf_state["final_logits_bias"].reshape(-1)}
    for kind in ("encoder", "decoder"):
        for i in range(cfg.n_layers):
            for ours, theirs in _layer_names(kind, i).items():
                for suffix in ("weight", "bias"):
                    state[f"{ours}.{suffix}"] = hf_state[f"{theirs}.{suffix}"]
    return {k: v.float() for k, v in state.items()}


def load(path: Path | str) -> tuple[Transformer, MarianTokenizer]:
    """A Marian folder as our model (CPU, eval mode) and its tokenizer."""
    path = Path(path)
    tokenizer = MarianTokenizer.from_folder(path)
    cfg = config_from_marian(json.loads((path / "config.json").read_text()))
    cfg = ModelConfig.from_dict({**_asdict(cfg), "unk_id": tokenizer.unk_id, "config_version": 2})
    model = Transformer(cfg)
    hf_state = read_weights(path)
    model.load_state_dict(state_from_marian(hf_state, cfg))
    stored = hf_state.get("model.encoder.embed_positions.weight")
    if stored is not None and (stored.float() - model.pos.pe[: len(stored)]).abs().max() > 1e-4:
        raise MarianError("its stored positional encodings are not the [sin | cos] sinusoids this model computes")
    return model.eval(), tokenizer


def _asdict(cfg: ModelConfig) -> dict:
    from dataclasses import asdict

    return asdict(cfg)
