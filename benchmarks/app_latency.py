"""Seconds for a rerun of each page after a new sentence, measured with Streamlit's AppTest.

The model is loaded once (first run, not counted); then for each page and each of several new
sentences, the time of the rerun that follows typing the sentence. Last line: worst_page_s=<x>
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["translate", "tokens", "attention", "heads", "causal_mask", "decoding", "model"]
SENTENCES = [
    "I am learning German.",
    "The children are playing in the garden.",
    "My father works in a bank.",
    "We need more money.",
    "The flight was cancelled.",
]


def main() -> None:
    at = AppTest.from_file(APP, default_timeout=300)
    t0 = time.perf_counter()
    at.run()
    print(f"first load (model + first trace): {time.perf_counter() - t0:.2f} s")
    medians = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        times = []
        for i, s in enumerate(SENTENCES):
            text = f"{s} ({page} {i})"  # new to every cache
            t0 = time.perf_counter()
            at.text_input(key="sidebar_source").input(text).run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
        medians[page] = statistics.median(times)
        print(f"{page:12s} median {medians[page]:.3f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"worst_page_s={max(medians.values()):.3f}")


if __name__ == "__main__":
    main()
