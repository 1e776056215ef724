"""Frozen configs saved beside the weights, so a checkpoint describes itself."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

POSITIONAL = ("sinusoidal", "sinusoidal_halves", "learned", "none")
ACTIVATIONS = ("relu", "swish", "gelu")
CONFIG_VERSION = 2
# Keys of the configs written before the architecture was described (version 1): those models were all
# built the paper's way, so the fields added since have one known value for them, not a guess.
_V1_KEYS = {
    "vocab_size", "d_model", "n_heads", "n_layers", "d_ff", "dropout", "max_len", "pad_id", "unk_id", "bos_id",
    "eos_id", "positional", "causal_mask", "scale_scores", "scale_embeddings", "norm_first",
}  # fmt: skip


class ConfigError(ValueError):
    """A config.json this version cannot describe: unknown or missing keys, or a value out of range."""


@dataclass(frozen=True)
class ModelConfig:
    """What the encoder-decoder is: sizes, and every architectural choice a page describes (the names
    follow "Attention Is All You Need"; the defaults are the paper's)."""

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
    # "sinusoidal": the paper's, sin and cos interleaved (2i, 2i+1); "sinusoidal_halves": the same waves laid out
    # as [sin | cos] halves (Marian, fairseq); "learned": one trained vector a position; "none"
    positional: str = "sinusoidal"
    causal_mask: bool = True  # training hides later target pieces from each decoder query
    scale_scores: bool = True  # divide Q K^T by sqrt(d_k)
    scale_embeddings: bool = True  # multiply token embeddings by sqrt(d_model) before adding positions
    norm_first: bool = False  # False: post-norm LayerNorm(x + Sublayer(x)), as in the paper; True: pre-norm
    # ... and what other families of the same architecture chose (Marian / opus-mt: swish, halves, output bias)
    activation: str = "relu"  # of the feed-forward layer: relu (the paper), swish (x * sigmoid(x)) or gelu
    layer_norm_eps: float = 1e-5
    output_bias: bool = False  # a bias added to the output logits (Marian's final_logits_bias)
    decoder_start_id: int = 2  # the id the decoder starts from: <s> here, the pad id in Marian
    never_output: tuple[int, ...] = (0, 1, 2)  # ids decoding never chooses (pad, unk, <s> here; pad in Marian)

    def __post_init__(self):
        if self.positional not in POSITIONAL:
            raise ConfigError(f"positional must be one of {POSITIONAL}, not {self.positional!r}")
        if self.activation not in ACTIVATIONS:
            raise ConfigError(f"activation must be one of {ACTIVATIONS}, not {self.activation!r}")
        object.__setattr__(self, "never_output", tuple(int(i) for i in self.never_output))

    @property
    def d_k(self) -> int:
        return self.d_model // self.n_heads

    def to_json(self, path: Path) -> None:
        data = {"config_version": CONFIG_VERSION, **asdict(self)}
        Path(path).write_text(json.dumps(data, indent=2) + "\n")

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        """Every key known and none missing (a renamed key must not silently become a default). A version-1
        config (no `config_version`) is a paper-style model: the keys added since take the paper's values."""
        data = dict(data)
        version = data.pop("config_version", 1)
        known = [f.name for f in fields(cls)]
        expected = set(known) if version == CONFIG_VERSION else _V1_KEYS if version == 1 else None
        if expected is None:
            raise ConfigError(f"config_version {version} is not one this version reads (1 or {CONFIG_VERSION})")
        unknown, missing = sorted(set(data) - expected), sorted(expected - set(data))
        if unknown or missing:
            parts = [
                f"unknown key(s) {', '.join(unknown)}" if unknown else "",
                f"missing {', '.join(missing)}" if missing else "",
            ]
            raise ConfigError("config.json: " + "; ".join(p for p in parts if p))
        return cls(**data)

    @classmethod
    def from_json(cls, path: Path) -> ModelConfig:
        return cls.from_dict(json.loads(Path(path).read_text()))


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


@dataclass(frozen=True)
class TrainRun:
    """Every setting of one training run: `python -m transformer.train` parses its command line into one, and
    `trainer.run` reads nothing else. Recorded in metrics.jsonl at the start of the run."""

    data: str = "data"  # the prepared data folder (train.tsv, valid.tsv)
    out: str = "checkpoints/en-de"  # where the best weights go (and <out>/last the latest)
    init_from: str | None = None  # continue from these weights (fresh optimizer)
    max_minutes: float = 60.0
    device: str | None = None  # cpu or cuda; None: cuda when there is one
    vocab_size: int = 8000  # a fresh run's sentencepiece model
    d_model: int = 256
    n_heads: int = 8
    n_layers: int = 3
    d_ff: int = 1024
    dropout: float | None = None  # None: 0.1, or the checkpoint's with init_from
    tokenizer: str | None = None  # a trained sentencepiece .model for a fresh run
    mix: str = ""  # examples per pair and epoch by group, e.g. "generated=0,help=0.3"
    max_tokens: int = TrainConfig.max_tokens
    lr: float = TrainConfig.lr
    warmup: int = TrainConfig.warmup
    eval_every_min: float = TrainConfig.eval_every_min
    valid_size: int = 500  # validation sentences decoded for BLEU
    average: int = 1  # also validate the mean of the last N evaluated weights; keep the better
    seed: int = 0
    dtype: str = "auto"  # auto (measure fp32 and bf16 at the start), fp32 or bf16
