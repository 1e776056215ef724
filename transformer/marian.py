"""Hugging Face MarianMT folders (opus-mt) in this project's model: the paper's base Transformer described by
our config (swish, [sin | cos] positions, an output bias, decoding from the pad id) and its weights renamed.

A folder exactly as `save_pretrained` or a hub download leaves it: config.json (model_type "marian"),
model.safetensors or pytorch_model.bin, source.spm, target.spm, vocab.json. Nothing is downloaded here.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
from dataclasses import replace
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


def languages(path: Path | str) -> tuple[str, str] | None:
    """(source, target) language codes of a Marian folder, from its name or the hub name in its config
    ("opus-mt-en-zh" -> ("en", "zh")); None when neither says."""
    names = [Path(path).name]
    try:
        names.append(json.loads((Path(path) / "config.json").read_text()).get("_name_or_path", ""))
    except (OSError, ValueError):
        pass
    for name in names:
        if m := re.search(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})\b", name or ""):
            return m.group(1), m.group(2)
    return None


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
        never_output=tuple(i for ids in hf.get("bad_words_ids") or [[pad]] for i in ids),  # generate() bans these
    )


_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """A .safetensors file by its published layout (u64 header length, JSON header, raw little-endian data),
    without the safetensors package."""
    data = bytearray(Path(path).read_bytes())  # one writable buffer; the tensors are views into it
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        count = (end - begin) // dtype.itemsize
        out[name] = torch.frombuffer(data, dtype=dtype, count=count, offset=8 + n + begin).reshape(info["shape"])
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
    cfg = replace(config_from_marian(json.loads((path / "config.json").read_text())), unk_id=tokenizer.unk_id)
    model = Transformer(cfg)
    hf_state = read_weights(path)
    model.load_state_dict(state_from_marian(hf_state, cfg))
    stored = hf_state.get("model.encoder.embed_positions.weight")
    if stored is not None and (stored.float() - model.pos.pe[: len(stored)]).abs().max() > 1e-4:
        raise MarianError("its stored positional encodings are not the [sin | cos] sinusoids this model computes")
    return model.eval(), tokenizer


KEPT = (
    *FILES,
    *WEIGHT_FILES,
    "generation_config.json",
    "README.md",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


def copy_folder(src: Path | str, dest: Path | str, overwrite: bool = False) -> tuple[str, str] | None:
    """Copy a Marian folder's files (the ones it has of KEPT) into `dest` after checking that it opens here.
    Its languages, when its name says them ("opus-mt-en-zh") but `dest`'s would not, are written into the copy's
    config as `_name_or_path` (what save_pretrained writes there), so the app still names them. Returns them."""
    src, dest = Path(src), Path(dest)
    if not is_marian_folder(src):
        raise MarianError(f"'{src.name}' holds no Marian config.json (model_type \"marian\")")
    if missing := missing_files(src):
        raise MarianError(f"'{src.name}' lacks {', '.join(missing)}")
    load(src)  # refuses what this model cannot describe, before anything is written
    if dest.exists() and any(dest.iterdir()) and not overwrite:
        raise MarianError(f"'{dest.name}' exists already: pick another name or overwrite it")
    dest.mkdir(parents=True, exist_ok=True)
    for name in KEPT:
        if (src / name).is_file():
            shutil.copyfile(src / name, dest / name)
    langs = languages(src)
    if langs and languages(dest) != langs:
        config = json.loads((dest / "config.json").read_text())
        config["_name_or_path"] = f"opus-mt-{langs[0]}-{langs[1]}"
        (dest / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return langs


# ---- ours out: a Marian folder transformers loads ------------------------------------------------


class ExportError(ValueError):
    """A model a Marian folder cannot describe (pre-norm, unscaled scores, learned positions...)."""


def halves_order(d_model: int) -> torch.Tensor:
    """The permutation of the D dimensions that turns interleaved sinusoids (sin, cos, sin, cos, ...) into
    Marian's [sin | cos] halves: new dimension j reads old dimension order[j]."""
    return torch.cat([torch.arange(0, d_model, 2), torch.arange(1, d_model, 2)])


def _permute_stream(state: dict[str, torch.Tensor], order: torch.Tensor) -> dict[str, torch.Tensor]:
    """The same model in a reordered basis of the residual stream (an exact symmetry: every matrix that reads
    the stream has its input columns reordered, every one that writes it its output rows, and LayerNorm's
    γ and β follow their dimensions)."""
    out = {}
    for name, t in state.items():
        if name == "embed.lut.weight":
            t = t[:, order]
        elif name.endswith(("norm.weight", "norm.bias")):
            t = t[order]
        elif name.endswith(("w_q.weight", "w_k.weight", "w_v.weight", "w_1.weight")):
            t = t[:, order]  # (out, D): reads the stream
        elif name.endswith(("w_o.weight", "w_2.weight")):
            t = t[order, :]  # (D, in): writes the stream
        elif name.endswith(("w_o.bias", "w_2.bias")):
            t = t[order]
        out[name] = t
    return out


def marian_config(cfg: ModelConfig) -> dict:
    """MarianConfig's fields for our config; refuses what Marian cannot be."""
    problems = [
        why
        for bad, why in (
            (cfg.norm_first, "it is pre-norm"),
            (not cfg.scale_scores, "it does not divide scores by sqrt(d_k)"),
            (not cfg.causal_mask, "it was trained without the causal mask"),
            (cfg.positional not in ("sinusoidal", "sinusoidal_halves"), f"its positions are {cfg.positional}"),
        )
        if bad
    ]
    if problems:
        raise ExportError("a Marian model cannot describe this one: " + ", ".join(problems))
    return {
        "model_type": "marian",
        "architectures": ["MarianMTModel"],
        "vocab_size": cfg.vocab_size,
        "decoder_vocab_size": cfg.vocab_size,
        "d_model": cfg.d_model,
        "encoder_layers": cfg.n_layers,
        "decoder_layers": cfg.n_layers,
        "encoder_attention_heads": cfg.n_heads,
        "decoder_attention_heads": cfg.n_heads,
        "encoder_ffn_dim": cfg.d_ff,
        "decoder_ffn_dim": cfg.d_ff,
        "activation_function": cfg.activation,
        "max_position_embeddings": cfg.max_len,
        "scale_embedding": cfg.scale_embeddings,
        "pad_token_id": cfg.pad_id,
        "eos_token_id": cfg.eos_id,
        "forced_eos_token_id": cfg.eos_id,
        "decoder_start_token_id": cfg.decoder_start_id,
        "bad_words_ids": [[i] for i in cfg.never_output],
        "dropout": 0.0,
        "attention_dropout": 0.0,
        "activation_dropout": 0.0,
        "share_encoder_decoder_embeddings": True,
        "tie_word_embeddings": True,
        "is_encoder_decoder": True,
    }


def marian_state(model: Transformer) -> dict[str, torch.Tensor]:
    """Our weights under Marian's names (the stream reordered when our sinusoids are interleaved)."""
    cfg = model.cfg
    state = {k: v.detach().float().cpu() for k, v in model.state_dict().items()}
    if cfg.positional == "sinusoidal":
        state = _permute_stream(state, halves_order(cfg.d_model))
    out = {
        "model.shared.weight": state["embed.lut.weight"],
        "final_logits_bias": state.get("final_logits_bias", torch.zeros(cfg.vocab_size))[None, :],
    }
    for kind in ("encoder", "decoder"):
        for i in range(cfg.n_layers):
            for ours, theirs in _layer_names(kind, i).items():
                for suffix in ("weight", "bias"):
                    out[f"{theirs}.{suffix}"] = state[f"{ours}.{suffix}"]
    return out


def write_safetensors(path: Path, tensors: dict[str, torch.Tensor]) -> None:
    """A .safetensors file by its published layout (float32, little-endian), without the safetensors package."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().float().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps({"__metadata__": {"format": "pt"}, **header}, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)  # the data starts on an 8-byte boundary
    Path(path).write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def export(model: Transformer, tokenizer, out: Path) -> None:
    """Write `model` as a Marian folder: config.json, generation_config.json, model.safetensors, and its
    segmenters (our joint sentencepiece model serves as both source.spm and target.spm) with vocab.json."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cfg = marian_config(model.cfg)
    (out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    generation = {k: cfg[k] for k in ("bad_words_ids", "decoder_start_token_id", "eos_token_id", "pad_token_id")}
    (out / "generation_config.json").write_text(json.dumps({**generation, "num_beams": 1, "max_length": 512}) + "\n")
    write_safetensors(out / "model.safetensors", marian_state(model))
    spm_bytes = tokenizer.serialized()
    (out / "source.spm").write_bytes(spm_bytes)
    (out / "target.spm").write_bytes(spm_bytes)
    vocab = {p: i for i, p in enumerate(tokenizer.id_to_piece(range(tokenizer.vocab_size)))}
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n")
