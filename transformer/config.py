"""Frozen configs saved beside the weights, so a checkpoint describes itself."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

POSITIONAL = ("sinusoidal", "learned", "none")


@dataclass(frozen=True)
class ModelConfig:
    """Sizes of the encoder-decoder; the names follow "Attention Is All You Need"."""

    vocab_size: int = 8000
    d_model: int = 256
    n_heads: int = 8
    n_layers: int = 3  # N: encoder layers and decoder layers each
    d_ff: int = 1024
    dropout: float = 0.1
    max_len: int = 256  # longest sequence the positional encoding covers
    pad_id: int = 0
    unk_id: int = 1
    bos_id: int = 2
    eos_id: int = 3
    # What the paper does, each switchable so a toy model can be trained without it (transformer.toy)
    positional: str = "sinusoidal"  # "sinusoidal" (the paper), "learned" (one trained vector a position) or "none"
    causal_mask: bool = True  # training hides later target pieces from each decoder query
    scale_scores: bool = True  # divide Q K^T by sqrt(d_k)
    scale_embeddings: bool = True  # multiply token embeddings by sqrt(d_model) before adding positions
    norm_first: bool = False  # False: post-norm LayerNorm(x + Sublayer(x)), as in the paper; True: pre-norm

    def __post_init__(self):
        if self.positional not in POSITIONAL:
            raise ValueError(f"positional must be one of {POSITIONAL}, not {self.positional!r}")

    @property
    def d_k(self) -> int:
        return self.d_model // self.n_heads

    def to_json(self, path: Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def from_json(cls, path: Path) -> ModelConfig:
        data = json.loads(Path(path).read_text())
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings; recorded in metrics.jsonl at the start of a run."""

    max_tokens: int = 1500  # source + target tokens per batch (many small updates)
    lr: float = 1e-3  # peak learning rate after warmup
    warmup: int = 1000
    label_smoothing: float = 0.1
    clip: float = 1.0
    # examples per training pair and epoch, by group (transformer.dataset.DEFAULT_MIX; fractions sampled)
    mix: tuple[tuple[str, float], ...] = ()
    eval_every_min: float = 6.0
    seed: int = 0
