"""Hermetic fixtures: a sentencepiece model trained in-process on a shipped Ding sample, a tiny model."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from transformer import checkpoint
from transformer.config import ModelConfig
from transformer.dataset import parse_line
from transformer.model import Transformer
from transformer.tokenizer import train as train_tokenizer

SAMPLE = Path(__file__).parent / "data" / "ding_sample.txt"
TINY = dict(d_model=32, n_heads=8, n_layers=2, d_ff=64, dropout=0.0, max_len=256)


@pytest.fixture(scope="session")
def sample_pairs():
    return [p for line in SAMPLE.read_text(encoding="utf-8").splitlines() for p in parse_line(line)]


@pytest.fixture(scope="session")
def tokenizer(tmp_path_factory, sample_pairs):
    text = [p.en for p in sample_pairs] + [p.de for p in sample_pairs]
    return train_tokenizer(text, tmp_path_factory.mktemp("spm") / "spm", vocab_size=400)


@pytest.fixture(scope="session")
def model(tokenizer):
    torch.manual_seed(0)
    return Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, **TINY)).eval()


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory, model, tokenizer) -> Path:
    path = tmp_path_factory.mktemp("ckpt") / "tiny"
    checkpoint.save(path, model, tokenizer)
    return path
