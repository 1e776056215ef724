"""`python -m transformer.convert marian SRC --name NAME`: copy a Hugging Face Marian folder (opus-mt, as
`save_pretrained` or a hub download leaves it) into checkpoints/NAME, where the app's model picker lists it.
The folder is checked first: it must open here (`transformer.marian`). A folder can also be opened in place
with `--checkpoint SRC` of translate and evaluate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import marian
from .checkpoint import DEFAULT_CHECKPOINT

CHECKPOINTS = DEFAULT_CHECKPOINT.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("format", choices=["marian"], help="marian: a Hugging Face MarianMT folder")
    ap.add_argument("src", type=Path)
    ap.add_argument("--name", default=None, help="folder name under checkpoints/ (default: SRC's name)")
    ap.add_argument("--into", type=Path, default=CHECKPOINTS, help=argparse.SUPPRESS)  # tests copy elsewhere
    ap.add_argument("--overwrite", action="store_true", help="replace checkpoints/NAME if it exists")
    args = ap.parse_args(argv)
    name = args.name or args.src.resolve().name
    if not name or "/" in name or name.startswith("."):
        print(f"error: '{name}' is not a folder name", file=sys.stderr)
        return 2
    if not args.src.is_dir():
        print(f"error: '{args.src.name}' is not a folder", file=sys.stderr)
        return 2
    try:
        langs = marian.copy_folder(args.src, args.into / name, args.overwrite)
    except (marian.MarianError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    said = f" ({langs[0]} → {langs[1]})" if langs else ""
    print(f"copied into checkpoints/{name}{said}: the app's model picker lists it; "
          f"`python -m transformer.translate --checkpoint checkpoints/{name} \"…\"` translates with it")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
