"""Scoring translations: sacreBLEU BLEU and chrF on the test split and the everyday set, and the model
card's scores block (the library; `python -m transformer.evaluate` is the command line over it).

Scores are on detokenized, cased text. The figures are also written into the model card
(checkpoints/<name>/README.md) between the `<!-- scores -->` markers (greedy) or the
`<!-- scores-beam -->` markers (beam search).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from .checkpoint import load
from .dataset import EVERYDAY, read_pairs
from .translation import translate_texts


def score(hyps: list[str], refs: list[str]) -> dict[str, float]:
    """Corpus BLEU and chrF (sacreBLEU defaults: 13a tokenization, cased)."""
    import sacrebleu

    return {
        "bleu": sacrebleu.corpus_bleu(hyps, [refs]).score,
        "chrf": sacrebleu.corpus_chrf(hyps, [refs]).score,
    }


def evaluate(
    checkpoint: Path, test_file: Path, device: str | None = None, beam: int = 1, no_loops: bool = True
) -> dict:
    model, tokenizer = load(checkpoint, device)
    result = {}
    sets = {"ding_test": test_file, "everyday": EVERYDAY}
    for name, path in sets.items():
        if not Path(path).exists():
            continue
        src, refs = read_pairs(path)
        t0 = time.perf_counter()
        hyps = translate_texts(model, tokenizer, src, beam=beam, no_loops=no_loops)
        result[name] = {**score(hyps, refs), "sentences": len(src), "seconds": round(time.perf_counter() - t0, 1)}
        result[name + "_examples"] = [{"en": s, "ref": r, "hyp": h} for s, r, h in zip(src, refs, hyps)]
    return result


def write_card(card: Path, result: dict, beam: int = 1) -> None:
    """Replace the scores block of the model card (greedy, or the beam block) with these figures."""
    marker = "scores" if beam == 1 else "scores-beam"
    lines = [] if beam == 1 else [f"Beam search, beam {beam}, length penalty ((5+n)/6)^0.6:", ""]
    lines += ["| set | sentences | BLEU | chrF |", "|---|---|---|---|"]
    for name in ("ding_test", "everyday"):
        if name in result:
            r = result[name]
            lines.append(f"| {name} | {r['sentences']} | {r['bleu']:.1f} | {r['chrf']:.1f} |")
    block = f"<!-- {marker} -->\n" + "\n".join(lines) + f"\n<!-- /{marker} -->"
    text = card.read_text(encoding="utf-8") if card.exists() else ""
    if f"<!-- {marker} -->" not in text:
        text += f"\n<!-- {marker} -->\n<!-- /{marker} -->\n"
    text = re.sub(rf"<!-- {marker} -->.*?<!-- /{marker} -->", lambda _: block, text, flags=re.S)
    card.write_text(text, encoding="utf-8")
