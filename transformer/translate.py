"""`python -m transformer.translate "text"`: English in, German out (one line, stdin lines, or --json)."""

from __future__ import annotations

import argparse
import json
import sys

from .checkpoint import DEFAULT_CHECKPOINT, CheckpointError, DeviceError, load
from .tokenizer import Tokenizer
from .translation import (  # noqa: F401  (re-exported: the names this command has always offered)
    MAX_BEAM,
    MAX_SRC_TOKENS,
    MAX_TOP_K,
    EmptyInput,
    encode_source,
    normalize,
    translate_json,
    translate_texts,
)


def _is_cut(tokenizer: Tokenizer, text: str) -> bool:
    try:
        return encode_source(tokenizer, text)[1]
    except EmptyInput:
        return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="?", help="English text; without it, one sentence per stdin line")
    ap.add_argument("--checkpoint", default=str(DEFAULT_CHECKPOINT))
    ap.add_argument("--device", default=None, help="cpu or cuda (default: cuda if available)")
    ap.add_argument("--json", action="store_true", help="print pieces and decoding steps as JSON")
    ap.add_argument("--top-k", type=int, default=None, help=f"candidates per step with --json (1 to {MAX_TOP_K}; 5)")
    ap.add_argument("--beam", type=int, default=1, help=f"beam size (1 = greedy, at most {MAX_BEAM})")
    ap.add_argument(
        "--no-loop-rule",
        action="store_true",
        help="plain greedy decoding: do not refuse a piece that repeats a loop (a piece a third time in a row, "
        "or three pieces in a row that already occurred)",
    )
    args = ap.parse_args(argv)
    if not 1 <= args.beam <= MAX_BEAM:
        print(f"error: --beam must be between 1 and {MAX_BEAM}", file=sys.stderr)
        return 2
    if args.json and args.beam > 1:
        print("error: --json shows the greedy decoding steps; leave out --beam", file=sys.stderr)
        return 2
    if args.top_k is not None and not args.json:
        print("error: --top-k lists candidates in the --json output; add --json", file=sys.stderr)
        return 2
    args.top_k = 5 if args.top_k is None else args.top_k
    if not 1 <= args.top_k <= MAX_TOP_K:
        print(f"error: --top-k must be between 1 and {MAX_TOP_K}", file=sys.stderr)
        return 2
    try:
        model, tokenizer = load(args.checkpoint, args.device)
    except (CheckpointError, DeviceError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    # bytes, decoded leniently: binary or mis-encoded input becomes replacement characters, not a traceback
    lines = [args.text] if args.text is not None else sys.stdin.buffer.read().decode("utf-8", "replace").splitlines()
    if not any(normalize(line) for line in lines):
        print("error: empty input: give an English sentence to translate", file=sys.stderr)
        return 2
    for line in lines:
        if _is_cut(tokenizer, line):
            print(f"warning: input cut to the first {MAX_SRC_TOKENS} pieces", file=sys.stderr)
    if args.json:
        for line in lines:
            try:
                print(
                    json.dumps(
                        translate_json(model, tokenizer, line, args.top_k, not args.no_loop_rule), ensure_ascii=False
                    )
                )
            except EmptyInput:
                print("")
    else:
        print(
            "\n".join(translate_texts(model, tokenizer, lines, beam=args.beam, no_loops=not args.no_loop_rule))
        )  # blank lines stay blank
    return 0


if __name__ == "__main__":
    sys.exit(main())
