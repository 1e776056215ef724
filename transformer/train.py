"""`python -m transformer.train`: train the encoder-decoder on the prepared data (`transformer.data`).

Each epoch mixes the training pairs by group (`--mix`: dictionary sentences and phrases, game
dialogue, help texts, package descriptions, generated sentences). Label smoothing, warmup then
inverse-square-root decay, gradient clipping, tqdm progress; every few minutes validation loss,
greedy BLEU/chrF and the everyday dev chrF go to metrics.jsonl and the best checkpoint (by the
mean of the two chrF values) is kept; the latest weights go to <out>/last/. `--init-from`
continues from saved weights with a fresh optimizer. The work lives in `transformer.trainer`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import checkpoint
from .config import TrainConfig
from .dataset import DATA_DIR, parse_mix
from .trainer import run


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DATA_DIR))
    ap.add_argument("--out", type=Path, default=checkpoint.DEFAULT_CHECKPOINT)
    ap.add_argument("--init-from", default=None, help="continue from this checkpoint (fresh optimizer)")
    ap.add_argument("--max-minutes", type=float, default=60.0)
    ap.add_argument("--device", default=None)
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--n-heads", type=int, default=8)
    ap.add_argument("--n-layers", type=int, default=3)
    ap.add_argument("--d-ff", type=int, default=1024)
    ap.add_argument("--dropout", type=float, default=None, help="default 0.1, or the checkpoint's with --init-from")
    ap.add_argument("--tokenizer", default=None, help="a trained sentencepiece .model for a fresh run")
    ap.add_argument("--mix", default="", help="examples per pair and epoch by group, e.g. 'generated=0,help=0.3'")
    ap.add_argument("--max-tokens", type=int, default=TrainConfig.max_tokens)
    ap.add_argument("--lr", type=float, default=TrainConfig.lr)
    ap.add_argument("--warmup", type=int, default=TrainConfig.warmup)
    ap.add_argument("--eval-every-min", type=float, default=TrainConfig.eval_every_min)
    ap.add_argument("--valid-size", type=int, default=500, help="validation sentences decoded for BLEU")
    ap.add_argument(
        "--average", type=int, default=1, help="also validate the mean of the last N evaluated weights; keep the better"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dtype", choices=["auto", "fp32", "bf16"], default="auto", help="auto: measure both at start")
    args = ap.parse_args(argv)
    try:
        parse_mix(args.mix)
    except ValueError as e:
        ap.error(str(e))
    try:
        checkpoint.pick_device(args.device)
    except checkpoint.DeviceError as e:
        raise SystemExit(f"error: {e}") from None
    run(args)


if __name__ == "__main__":
    main()
