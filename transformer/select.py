"""`python -m transformer.select`: choose between candidate weights on development sets only.

Each candidate checkpoint, and optionally each weight interpolation (1 - a) * BASE + a * candidate
("WiSE-FT": a fine-tuned model mixed back toward the weights it started from often keeps what the
start knew and what the fine-tuning added), is greedy-decoded on the Ding validation split and on
benchmarks/everyday_dev.tsv. The score is the mean of the two chrF values, so neither dictionary
sentences nor everyday sentences may be given up for the other. The test split and
benchmarks/everyday.tsv are never read here: they stay untouched for reporting.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from tqdm import tqdm

from . import checkpoint
from .checkpoint import STATE
from .dataset import DATA_DIR, EVERYDAY_DEV, read_classes, read_pairs
from .model import Transformer
from .scoring import score
from .tokenizer import Tokenizer
from .translation import translate_texts


@dataclass(frozen=True)
class Candidate:
    name: str  # e.g. "runs/d" or "0.5 * runs/d + 0.5 * checkpoints/en-de"
    state: dict[str, torch.Tensor]
    sources: dict[str, float]  # checkpoint folder -> weight in the mix


def candidates(
    paths: list[Path], base: Path | None, alphas: list[float], soup: bool = False
) -> tuple[list[Candidate], Tokenizer]:
    """Every checkpoint as it is, its mixes with `base`, and with `soup` the mean of all of them
    (all must share one tokenizer and architecture)."""
    loaded = {}
    for p in [*paths, *([base] if base else [])]:
        model, tok = checkpoint.load(p, "cpu")
        loaded[p] = (model.state_dict(), tok, model.cfg)
    tokenizers = {loaded[p][1].serialized() for p in loaded}
    configs = {replace(loaded[p][2], dropout=0.0) for p in loaded}  # dropout is training-only
    if len(tokenizers) > 1 or len(configs) > 1:
        raise SystemExit("error: candidates must share one sentencepiece model and one config to be mixed")
    out = [Candidate(str(p), loaded[p][0], {str(p): 1.0}) for p in paths]
    if base:
        if base not in paths:
            out.append(Candidate(str(base), loaded[base][0], {str(base): 1.0}))
        for p in (p for p in paths if p != base):
            for a in alphas:
                state = checkpoint.average_states([loaded[base][0], loaded[p][0]], [1 - a, a])
                out.append(Candidate(f"{1 - a:g} * {base} + {a:g} * {p}", state, {str(base): 1 - a, str(p): a}))
    if soup and len(loaded) > 2:  # the uniform "model soup" of every checkpoint given
        names = list(loaded)
        state = checkpoint.average_states([loaded[p][0] for p in names])
        out.append(Candidate("mean of " + ", ".join(map(str, names)), state, {str(p): 1 / len(names) for p in names}))
    first = next(iter(loaded.values()))
    return out, first[1]


def dev_scores(model: Transformer, tokenizer: Tokenizer, dev_sets: dict[str, Path]) -> dict[str, float]:
    """chrF (and BLEU) on each development set, and `select`: the mean of the chrF values. A set whose rows
    carry a class (third column) also gets each class's chrF, `<set>:<class>`, and that of its rows without
    one, `<set>:unclassed` (what no class was written for: the check on data aimed at the classes); `select`
    leaves them out."""
    result, by_class = {}, {}
    for name, path in dev_sets.items():
        src, refs = read_pairs(path)
        hyps = translate_texts(model, tokenizer, src)
        s = score(hyps, refs)
        result[f"{name}_chrf"], result[f"{name}_bleu"] = round(s["chrf"], 2), round(s["bleu"], 2)
        rows_of: dict[str, list[int]] = {}
        for i, cls in enumerate(read_classes(path)):
            rows_of.setdefault(cls or "unclassed", []).append(i)
        if set(rows_of) != {"unclassed"}:  # a set without classes has nothing to break down
            for cls, rows in sorted(rows_of.items()):
                by_class[f"{name}:{cls}"] = round(score([hyps[i] for i in rows], [refs[i] for i in rows])["chrf"], 2)
    result["select"] = round(sum(result[f"{name}_chrf"] for name in dev_sets) / len(dev_sets), 2)
    return {**result, **by_class}


def training_record(sources: dict[str, float]) -> dict:
    """Cumulative training of a mix: its parents' records, and the longest parent's time and updates
    (exact when the parents are one lineage, e.g. a run and the weights it started from)."""
    parents = {}
    for path, w in sources.items():
        f = Path(path) / STATE
        parents[path] = {"weight": w, **(json.loads(f.read_text()) if f.exists() else {})}
    return {
        "minutes": max(p.get("minutes", 0.0) for p in parents.values()),
        "updates": max(p.get("updates", 0) for p in parents.values()),
        "mixed_from": parents,
    }


def write_history(out: Path, best: Candidate, record: dict) -> None:
    """metrics.jsonl of the longest-trained parent (the curves the app draws), plus a `select` event."""
    parents = record["mixed_from"]
    longest = max(parents, key=lambda p: parents[p].get("minutes", 0.0))
    history = Path(longest) / "metrics.jsonl"
    lines = history.read_text().splitlines() if history.exists() else []
    event = {"event": "select", "chosen": best.name, "mixed_from": parents, "dev_scores": record["dev_scores"]}
    (out / "metrics.jsonl").write_text("\n".join([*lines, json.dumps(event)]) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkpoints", type=Path, nargs="+", help="candidate checkpoint folders")
    ap.add_argument("--base", type=Path, default=None, help="also score mixes of each candidate with this one")
    ap.add_argument("--alphas", type=float, nargs="+", default=[0.25, 0.5, 0.75], help="candidate's weight in a mix")
    ap.add_argument("--soup", action="store_true", help="also score the equal-weight mean of all checkpoints")
    ap.add_argument("--valid", type=Path, default=DATA_DIR / "valid.tsv")
    ap.add_argument("--everyday-dev", type=Path, default=EVERYDAY_DEV)
    ap.add_argument("--out", type=Path, default=None, help="save the best candidate here (fp16 weights)")
    args = ap.parse_args(argv)
    dev_sets = {"ding_valid": args.valid, "everyday_dev": args.everyday_dev}
    for path in dev_sets.values():
        if not path.exists():
            raise SystemExit(f"{path} not found: run `python -m transformer.data` first")
    try:
        cands, tokenizer = candidates(args.checkpoints, args.base, args.alphas, args.soup)
    except checkpoint.CheckpointError as e:
        raise SystemExit(f"error: {e}") from None
    # a model of its own to score with: candidates' state dicts alias their models' parameters
    model, _ = checkpoint.load(args.checkpoints[0], "cpu")
    rows = []
    for cand in tqdm(cands, desc="candidates", unit="cand"):
        model.load_state_dict(cand.state)
        rows.append((dev_scores(model, tokenizer, dev_sets), cand))
    rows.sort(key=lambda r: -r[0]["select"])
    for s, cand in rows:
        print(
            f"select {s['select']:6.2f}  "
            + "  ".join(f"{k} {v:6.2f}" for k, v in s.items() if k != "select")
            + f"  {cand.name}"
        )
    if args.out:
        best_scores, best = rows[0]
        model.load_state_dict(best.state)
        checkpoint.save(args.out, model, tokenizer, half=True)
        record = {**training_record(best.sources), "dev_scores": best_scores}
        (args.out / STATE).write_text(json.dumps(record, indent=1) + "\n")
        write_history(args.out, best, record)
        print(f"saved {best.name} to {args.out}")


if __name__ == "__main__":
    main()
