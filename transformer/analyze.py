"""`python -m transformer.analyze`: the analysis papers' results on one model and data set, as JSON: each
head's role (Voita et al. 2019), importance and pruning curves (Michel et al. 2019), and how far attention,
rollout, gradient × input and leave-one-out agree (Abnar & Zuidema 2020; Jain & Wallace 2019).

The work lives in `transformer.head_study` and `transformer.attribution`; the app's "What the heads do"
page shows the same results."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

from tqdm import tqdm

from . import attribution, head_study
from .checkpoint import DEFAULT_CHECKPOINT, CheckpointError, DeviceError, load
from .dataset import EVERYDAY_DEV, read_pairs


class _Bars:
    """One tqdm bar per stage of the study."""

    def __init__(self):
        self.bar, self.stage = None, None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.bar, self.stage = tqdm(total=total, desc=stage, unit="step"), stage
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, default=DEFAULT_CHECKPOINT)
    ap.add_argument("--data", type=Path, default=EVERYDAY_DEV, help="TSV of English and German reference")
    ap.add_argument("--sentences", type=int, default=500, help="use the first N sentences of --data")
    ap.add_argument("--no-curves", action="store_true", help="skip the pruning curves (the slow part)")
    ap.add_argument("--no-attribution", action="store_true", help="skip attention vs attribution agreement")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON here (default: print it)")
    ap.add_argument("--device", default=None)
    args = ap.parse_args(argv)
    if args.sentences < 1:
        raise SystemExit("error: --sentences must be at least 1")
    if not args.data.is_file():
        raise SystemExit(f"error: {args.data} is not a file of English<TAB>German lines")
    en, de = read_pairs(args.data)
    pairs = list(zip(en, de))[: args.sentences]
    if not pairs:
        raise SystemExit(f"error: {args.data} holds no sentence pairs")
    try:
        model, tokenizer = load(args.checkpoint, args.device)
    except (CheckpointError, DeviceError) as e:
        raise SystemExit(f"error: {e}") from None
    t0 = time.perf_counter()
    bars = _Bars()
    traces = head_study.traces_of(model, tokenizer, [e for e, _ in pairs], lambda d, n: bars("translating", d, n))
    result = head_study.study(
        model, tokenizer, pairs, args.data.name, curves=not args.no_curves, traces=traces, progress=bars
    )
    out = {
        "model": args.checkpoint.name,
        "command": "python -m transformer.analyze " + shlex.join(sys.argv[1:] if argv is None else argv),
        **head_study.study_dict(result),
    }
    if not args.no_attribution:
        out["agreement"] = attribution.agreement_over(model, traces, lambda d, n: bars("attribution", d, n))
    bars.close()
    out["seconds"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(out, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}: roles {out['roles']}", file=sys.stderr)
    else:
        print(text)


if __name__ == "__main__":
    main()
