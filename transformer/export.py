"""`python -m transformer.export hf CHECKPOINT OUT`: write one of our checkpoints as a Hugging Face Marian
folder (transformers' MarianMTModel loads it with the same logits; CTranslate2's converter reads it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import checkpoint, marian


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("format", choices=["hf"], help="hf: a Hugging Face MarianMT folder")
    ap.add_argument("checkpoint", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    try:
        model, tokenizer = checkpoint.load(args.checkpoint, "cpu")
        marian.export(model, tokenizer, args.out)
    except (checkpoint.CheckpointError, marian.ExportError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote a MarianMT folder to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
