"""Seconds the Experiments page waits for: one head switched off (a new greedy translation with its
trace, and the old pieces' probabilities), and every head ranked, for 12-piece sentences.

Library calls on the shipped model, uncached (what a new sentence or a new choice of heads costs),
then the page rerun through AppTest after picking one head. Last line:
ablation_median_s=<x> ranking_median_s=<y>
"""

from __future__ import annotations

import statistics
import time

import torch
from streamlit.testing.v1 import AppTest

from transformer.checkpoint import load
from transformer.experiments import ablate, rank_heads
from transformer.trace import trace

SENTENCES = [  # 11-13 source pieces each with the shipped tokenizer
    "The children are playing in the big garden today.",
    "My grandmother always drinks a cup of tea in the morning.",
    "We will visit our friends in Berlin next week.",
    "The old man is reading a newspaper on the bench.",
    "She bought a new red dress for the party.",
    "Can you tell me where the train station is?",
]


def main() -> None:
    model, tokenizer = load(device="cpu")
    ablation, ranking, pieces = [], [], []
    for s in SENTENCES:
        tr = trace(model, tokenizer, s)
        pieces.append(len(tr.src.pieces))
        t0 = time.perf_counter()
        ablate(model, tokenizer, tr, [(2, 2, 5)])
        ablation.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rank_heads(model, tr)
        ranking.append(time.perf_counter() - t0)
    print(f"{len(SENTENCES)} sentences of {min(pieces)}-{max(pieces)} source pieces, threads={torch.get_num_threads()}")
    print(f"one head off (library): median {statistics.median(ablation):.3f} s, worst {max(ablation):.3f} s")
    print(f"rank all 72 heads (library): median {statistics.median(ranking):.3f} s, worst {max(ranking):.3f} s")
    at = AppTest.from_string("from ui.frame import run\nrun(default='experiments')", default_timeout=300)
    at.session_state["guess_first"] = False  # the whole page, as after a guess
    at.run()
    page = []
    for i, s in enumerate(SENTENCES):
        at.text_input(key="sidebar_source").input(s).run()  # trace and the page's other sections, not counted
        t0 = time.perf_counter()
        at.multiselect(key="exp_off").set_value([(0, 1, i % 8)]).run()
        page.append(time.perf_counter() - t0)
        assert not at.exception and not at.error
    print(f"page rerun after picking one head: median {statistics.median(page):.3f} s, worst {max(page):.3f} s")
    print(f"ablation_median_s={statistics.median(page):.3f} ranking_median_s={statistics.median(ranking):.3f}")


if __name__ == "__main__":
    main()
