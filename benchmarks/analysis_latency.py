"""Seconds for the research pages' work on this CPU, beside the trace every page needs (the baseline, measured
in the same run): the sentence-level attribution (rollout, gradient × input, leave-one-out) and the data-set
study (roles and importance; one pruning evaluation) on the everyday dev set.

    python -m benchmarks.analysis_latency [--checkpoint checkpoints/en-de] [--sentences 100]

Last line: attribution_worst_s=<x> over the everyday sentences (≤ 1 s is the aim) and the long paragraph's."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from transformer import attribution, checkpoint, head_study
from transformer.dataset import EVERYDAY_DEV, read_pairs
from transformer.trace import trace

SENTENCES = [
    "I am learning German.",
    "The children are playing in the garden.",
    "My sister lives in a small house with her two children and a very old dog.",
    "Attention is all you need.",
    "Can you help me find the train station, please?",
    # a paragraph near the app's 100-piece limit: the worst case, not a typical sentence
    "When the old man finally reached the small village at the foot of the mountains, he asked the first "
    "woman he met whether she knew where his brother had lived before the war, and she told him that the "
    "house had been sold many years ago to a family from the city.",
]


def timed(f, *args, **kwargs):
    t0 = time.perf_counter()
    out = f(*args, **kwargs)
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", type=Path, default=checkpoint.DEFAULT_CHECKPOINT)
    ap.add_argument("--sentences", type=int, default=100)
    args = ap.parse_args()
    checkpoint.serve_with_threads(1)  # as the app serves
    model, tokenizer = checkpoint.load(args.checkpoint)
    trace(model, tokenizer, "warm up")
    worst, long_s = 0.0, 0.0
    for i, s in enumerate(SENTENCES):
        tr, t_trace = timed(trace, model, tokenizer, s)
        _, t_attr = timed(attribution.attribute, model, tr)
        if i < len(SENTENCES) - 1:
            worst = max(worst, t_attr)
        else:
            long_s = t_attr
        print(f"{len(tr.src.ids):3d} pieces -> {len(tr.steps):3d}: trace {t_trace:.3f} s, attribution {t_attr:.3f} s "
              f"(×{t_attr / t_trace:.1f} the trace)")  # fmt: skip
    en, de = read_pairs(EVERYDAY_DEV)
    pairs = list(zip(en, de))[: args.sentences]
    traces, t_traces = timed(head_study.traces_of, model, tokenizer, en[: args.sentences])
    _, t_roles = timed(head_study.head_roles, traces)
    imp, t_imp = timed(head_study.head_importance, model, tokenizer, pairs)
    _, t_prune = timed(head_study.chrf_with_heads_off, model, tokenizer, pairs, head_study.pruning_order(imp)[:10])
    n_evals = len(head_study.curve_plan(imp)) * len(head_study.FRACTIONS)
    print(f"study of {len(pairs)} sentences: traces {t_traces:.1f} s ({t_traces / len(pairs) * 1000:.0f} ms each), "
          f"roles {t_roles:.2f} s, importance {t_imp:.2f} s, one pruning evaluation {t_prune:.2f} s "
          f"(the curves: {n_evals} of them, about {n_evals * t_prune:.0f} s)")  # fmt: skip
    print(f"attribution_worst_s={worst:.3f} attribution_paragraph_s={long_s:.3f}")


if __name__ == "__main__":
    torch.set_grad_enabled(True)
    main()
