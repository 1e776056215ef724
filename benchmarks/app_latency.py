"""Seconds for a page to be drawn after a new sentence: one visitor (AppTest) or many at once (a real server).

Default mode: the model is loaded once (first run, not counted); then for each page and each of
several new sentences, the time of the rerun that follows typing the sentence into the sidebar,
under AppTest, through the same frame as app.py (`ui.frame.run`). Last line: worst_page_s=<x>

`--visitors N`: a real `streamlit run app.py` server and N clients that speak its websocket protocol
(the messages a browser sends and receives, without drawing them), all at once. First N visitors
reach the cold server together (model load included); then, for each page, ROUNDS times, the N
visitors open it at once, each on a sentence no one has asked for, and each visit is timed from its
request to the server's "script finished". Time to draw charts in a browser is not included; the
server's work (the model, the figures, serialising them) is. Last line: worst_page_median_s=<x>
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from urllib.parse import urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest
from websockets.asyncio.client import connect

from ui.frame import PAGES as FRAME_PAGES

PAGES = [name for name, _, _ in FRAME_PAGES]  # the app's own list, in its order
SENTENCES = [
    "I am learning German.",
    "The children are playing in the garden.",
    "My father works in a bank.",
    "We need more money.",
    "The flight was cancelled.",
]


def main(model: str | None = None) -> None:
    medians = {}
    for page in PAGES:
        at = AppTest.from_string(f"from ui.frame import run\nrun(default={page!r})", default_timeout=300)
        at.session_state["guess_first"] = False  # the whole page, as after a guess
        if model:
            at.query_params["model"] = model
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


# ---- many visitors at once, on a real server -------------------------------------------------

ROUNDS = 3


class VisitFailed(RuntimeError):
    pass


async def visit(host: str, page: str, text: str) -> float:
    """Open `page` on `text` as a new browser session would; seconds until the run finished."""
    async with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = urlencode({"text": text})
        msg.rerun_script.page_name = page
        t0 = time.perf_counter()
        await ws.send(msg.SerializeToString())
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=600))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                if element.WhichOneof("type") == "exception":
                    raise VisitFailed(f"{page}: {element.exception.message}")
                if element.WhichOneof("type") == "alert" and element.alert.format == 1:  # st.error
                    raise VisitFailed(f"{page}: {element.alert.body}")
            if kind == "script_finished" and fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return time.perf_counter() - t0


async def crowd(host: str, page: str, texts: list[str]) -> list[float]:
    return list(await asyncio.gather(*(visit(host, page, t) for t in texts)))


def sentences(n: int, tag: str) -> list[str]:
    return [f"{SENTENCES[i % len(SENTENCES)]} ({tag} {i})" for i in range(n)]


def visitors_mode(n: int) -> None:
    from tests.browser import serve_app

    with serve_app() as url:
        host = url.split("//")[1]
        cold = asyncio.run(crowd(host, "translate", sentences(n, "cold")))
        print(f"cold server, {n} first visitors at once: {min(cold):.2f}–{max(cold):.2f} s")
        medians = {}
        for page in PAGES:
            times = []
            for r in range(ROUNDS):
                times += asyncio.run(crowd(host, page, sentences(n, f"{page} {r}")))
            medians[page] = statistics.median(times)
            print(
                f"{page:12s} {n} visitors: median {medians[page]:.2f} s, "
                f"worst {max(times):.2f} s  ({len(times)} visits)"
            )
    print(f"worst_page_median_s={max(medians.values()):.3f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visitors", type=int, default=0, help="N visitors at once on a real server (default: AppTest)")
    ap.add_argument("--model", default=None, help="a folder under checkpoints/ (default: the shipped model)")
    args = ap.parse_args()
    visitors_mode(args.visitors) if args.visitors else main(args.model)
