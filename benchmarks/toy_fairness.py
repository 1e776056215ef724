"""Another visitor's page rerun while one visitor trains a toy model (issue: one training per server
must not slow everyone else down).

Measures, with Streamlit's AppTest through the app's frame, the rerun that follows typing a new
sentence on each page listed, first with nothing else running, then while a `ToyJob` trains (the
same child process the "Train one yourself" page starts). Last line: while_training_median_s=<x>
"""

from __future__ import annotations

import statistics
import time

from streamlit.testing.v1 import AppTest

from transformer.toy import ToySettings
from transformer.toy.job import ToyJob

PAGES = ["translate", "attention", "heads", "decoding"]
SENTENCES = ["We need more money.", "The flight was cancelled.", "My sister reads a book.", "Where is the bank?"]


def reruns(tag: str) -> list[float]:
    times = []
    for page in PAGES:
        at = AppTest.from_string(f"from ui.frame import run\nrun(default={page!r})", default_timeout=300)
        at.session_state["guess_first"] = False  # the whole page, as after a guess
        at.run()
        for i, s in enumerate(SENTENCES):
            text = f"{s} ({tag} {page} {i})"  # new to every cache
            t0 = time.perf_counter()
            at.text_input(key="sidebar_source").input(text).run()
            times.append(time.perf_counter() - t0)
            assert not at.exception and not at.error, (at.exception, at.error)
    return times


def main() -> None:
    reruns("warm-up")  # model load and first imports, not counted
    alone = reruns("alone")
    job = ToyJob(ToySettings(task="reverse", seconds=120.0))
    try:
        while not job.poll(wait=30.0):  # the child is up and training
            pass
        busy = reruns("busy")
        job.poll()
        steps = job.run.history[-1].step
        assert not job.finished, "the toy training ended before the measurement did: raise its seconds"
    finally:
        job.stop()
        job.close()
    a, b = statistics.median(alone), statistics.median(busy)
    print(f"{len(alone)} reruns ({len(PAGES)} pages x {len(SENTENCES)} new sentences) each way")
    print(f"alone:          median {a:.3f} s, worst {max(alone):.3f} s")
    print(f"while training: median {b:.3f} s, worst {max(busy):.3f} s  (ratio {b / a:.2f}; toy at step {steps})")
    print(f"while_training_median_s={b:.3f}")


if __name__ == "__main__":
    main()
