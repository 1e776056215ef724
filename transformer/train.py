"""`python -m transformer.train`: train the encoder-decoder on the prepared data (`transformer.data`).

Every setting is a field of `config.TrainRun`; the work, and what a run does, is in `transformer.trainer`.
"""

from __future__ import annotations

import argparse

from . import checkpoint
from .config import TrainRun
from .dataset import DATA_DIR, parse_mix
from .trainer import run


def main(argv: list[str] | None = None) -> None:
    d = TrainRun()  # the defaults live there, once
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DATA_DIR))
    ap.add_argument("--out", default=str(checkpoint.DEFAULT_CHECKPOINT))
    ap.add_argument("--init-from", default=d.init_from, help="continue from this checkpoint (fresh optimizer)")
    ap.add_argument("--max-minutes", type=float, default=d.max_minutes)
    ap.add_argument("--device", default=d.device)
    ap.add_argument("--vocab-size", type=int, default=d.vocab_size)
    ap.add_argument("--d-model", type=int, default=d.d_model)
    ap.add_argument("--n-heads", type=int, default=d.n_heads)
    ap.add_argument("--n-layers", type=int, default=d.n_layers)
    ap.add_argument("--d-ff", type=int, default=d.d_ff)
    ap.add_argument(
        "--dropout", type=float, default=d.dropout, help="default 0.1, or the checkpoint's with --init-from"
    )
    ap.add_argument("--tokenizer", default=d.tokenizer, help="a trained sentencepiece .model for a fresh run")
    ap.add_argument("--mix", default=d.mix, help="examples per pair and epoch by group, e.g. 'generated=0,help=0.3'")
    ap.add_argument("--max-tokens", type=int, default=d.max_tokens)
    ap.add_argument("--lr", type=float, default=d.lr)
    ap.add_argument("--warmup", type=int, default=d.warmup)
    ap.add_argument("--eval-every-min", type=float, default=d.eval_every_min)
    ap.add_argument("--valid-size", type=int, default=d.valid_size, help="validation sentences decoded for BLEU")
    ap.add_argument(
        "--average",
        type=int,
        default=d.average,
        help="also validate the mean of the last N evaluated weights; keep the better",
    )
    ap.add_argument("--seed", type=int, default=d.seed)
    ap.add_argument("--dtype", choices=["auto", "fp32", "bf16"], default=d.dtype, help="auto: measure both at start")
    settings = TrainRun(**vars(ap.parse_args(argv)))
    try:
        parse_mix(settings.mix)
    except ValueError as e:
        ap.error(str(e))
    try:
        checkpoint.pick_device(settings.device)
    except checkpoint.DeviceError as e:
        raise SystemExit(f"error: {e}") from None
    run(settings)


if __name__ == "__main__":
    main()
