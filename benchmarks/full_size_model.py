"""Write a model of opus-mt-en-de's shape (6 + 6 layers, d_model 512, 8 heads, d_ff 2048, a 58,101-piece
output layer, swish, [sin | cos] positions, an output bias) with random weights, as a Hugging Face Marian
folder under checkpoints/, so the app's speed with a full-size model can be measured without a download:
`python -m benchmarks.full_size_model && python -m benchmarks.app_latency --model opus-mt-shape-random`.
Random weights translate nothing sensible; they cost what real ones cost."""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from transformer import checkpoint, marian
from transformer.config import ModelConfig
from transformer.model import Transformer, count_parameters

OPUS_MT_EN_DE = dict(
    vocab_size=58101, d_model=512, n_heads=8, n_layers=6, d_ff=2048, max_len=512, dropout=0.1,
    activation="swish", positional="sinusoidal_halves", output_bias=True,
)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("checkpoints/opus-mt-shape-random"))
    args = ap.parse_args()
    _, tokenizer = checkpoint.load(checkpoint.DEFAULT_CHECKPOINT, "cpu")  # its pieces, ids below 8,000
    torch.manual_seed(0)
    model = Transformer(ModelConfig(**OPUS_MT_EN_DE)).eval()
    marian.export(model, tokenizer, args.out)
    print(f"{count_parameters(model)['total']:,} parameters written to {args.out}")


if __name__ == "__main__":
    main()
