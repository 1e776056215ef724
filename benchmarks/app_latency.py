"""Seconds for a rerun of each page after a new sentence, measured with Streamlit's AppTest.

The model is loaded once (first run, not counted); then for each page and each of several new
sentences, the time of the rerun that follows typing the sentence into the sidebar. Each page runs
through the same frame as app.py (`ui.frame.run`); AppTest.from_file(app.py) would rerun only the
page script after a switch, without the sidebar. Last line: worst_page_s=<x>
"""

from __future__ import annotations

import statistics
import time

from streamlit.testing.v1 import AppTest

from ui.frame import PAGES as FRAME_PAGES

PAGES = [name for name, _, _ in FRAME_PAGES]  # the app's own list, in its order
SENTENCES = [
    "I am learning German.",
    "The children are playing in the garden.",
    "My father works in a bank.",
    "We need more money.",
    "The flight was cancelled.",
]


def main() -> None:
    medians = {}
    for page in PAGES:
        at = AppTest.from_string(f"from ui.frame import run\nrun(default={page!r})", default_timeout=300)
        t0 = time.perf_counter()
        at.run()
        print(f"{page:12s} first run {time.perf_counter() - t0:.2f} s (model load counted only on the first page)")
        times = []
        for i, s in enumerate(SENTENCES):
            text = f"{s} ({page} {i})"  # new to every cache
            t0 = time.perf_counter()
            at.text_input(key="sidebar_source").input(text).run()
            times.append(time.perf_counter() - t0)
            assert not at.exception and not at.error, (at.exception, at.error)
            assert at.session_state["sentence"] == text  # the rerun drew the new sentence
        medians[page] = statistics.median(times)
        print(f"{page:12s} median {medians[page]:.3f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"worst_page_s={max(medians.values()):.3f}")


if __name__ == "__main__":
    main()
