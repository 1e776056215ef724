"""`python -m transformer.evaluate`: decode the test split (greedy, or --beam N), print sacreBLEU BLEU and chrF.

The command line of `transformer.scoring`, which says how the scores are computed and where they are written.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .checkpoint import DEFAULT_CHECKPOINT, CheckpointError, DeviceError
from .dataset import DATA_DIR
from .scoring import evaluate, write_card


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, default=DEFAULT_CHECKPOINT)
    ap.add_argument("--test", type=Path, default=DATA_DIR / "test.tsv")
    ap.add_argument("--device", default=None)
    ap.add_argument("--no-card", action="store_true", help="do not write the scores into the model card")
    ap.add_argument("--save", type=Path, default=None, help="write <set>.tsv (English, reference, output) here")
    ap.add_argument("--beam", type=int, default=1, help="beam size (1 = greedy decoding, as the app uses)")
    ap.add_argument("--no-loop-rule", action="store_true", help="plain greedy decoding, without the loop rule")
    args = ap.parse_args(argv)
    if not 1 <= args.beam <= 16:
        raise SystemExit("error: --beam must be between 1 and 16")
    if not args.test.exists():
        raise SystemExit(f"{args.test} not found: run `python -m transformer.data` first")
    try:
        result = evaluate(args.checkpoint, args.test, args.device, args.beam, not args.no_loop_rule)
    except (CheckpointError, DeviceError) as e:
        raise SystemExit(f"error: {e}") from None
    for name in ("ding_test", "everyday"):
        if name in result:
            r = result[name]
            print(f"{name}: BLEU {r['bleu']:.2f}  chrF {r['chrf']:.2f}  ({r['sentences']} sentences, {r['seconds']} s)")
            for ex in result[name + "_examples"][:4]:
                print(f"   {ex['en']}\n   -> {ex['hyp']}\n   ref {ex['ref']}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name in ("ding_test", "everyday"):
            rows = [f"{ex['en']}\t{ex['ref']}\t{ex['hyp']}" for ex in result.get(name + "_examples", [])]
            (args.save / f"{name}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    if not args.no_card:
        write_card(args.checkpoint / "README.md", result, args.beam)
    print(json.dumps({k: v for k, v in result.items() if not k.endswith("_examples")}))


if __name__ == "__main__":
    main()
