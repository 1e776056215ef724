"""Toy training for the "Train one yourself" page: one training per server at a time, a child
process per training, and the trained model kept in this browser tab's session only."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import streamlit as st

from transformer.toy import MAX_SECONDS, ToyRun, ToySettings
from transformer.toy.job import ToyJob, TrainingSlot
from ui.i18n import t

KEEP = 2  # finished runs kept per tab: the latest, and one to compare it with
MAX_WAIT = 600.0  # seconds a visitor waits in line before being asked to come back


@st.cache_resource
def training_slot() -> TrainingSlot:
    """The one slot every session of this server shares."""
    return TrainingSlot()


def visitor() -> str:
    ss = st.session_state
    if "visitor" not in ss:
        ss.visitor = uuid.uuid4().hex
    return ss.visitor


def runs() -> list[ToyRun]:
    """This tab's finished runs, oldest first."""
    return st.session_state.setdefault("toy_runs", [])


def latest() -> ToyRun | None:
    done = runs()
    return done[-1] if done else None


def active_job() -> ToyJob | None:
    return st.session_state.get("toy_job")


def wait_for_turn(show: Callable[[str], None]) -> bool:
    """Queue for the server's slot, telling the visitor where they stand; False if it took too long."""
    slot, me = training_slot(), visitor()
    start = time.monotonic()
    while (position := slot.join(me)) > 0:
        slot.expire(MAX_SECONDS + 60)  # a holder whose tab closed mid-training loses the slot
        if time.monotonic() - start > MAX_WAIT:
            slot.leave(me)
            return False
        show(
            t(
                "toy.another_visitor_is_training",
                busy=slot.busy_for(),
                most=MAX_SECONDS,
                position=position,
            )
        )
        time.sleep(1.0)
    return True


def start(settings: ToySettings) -> ToyJob:
    job = ToyJob(settings)
    st.session_state.toy_job = job
    return job


def stop() -> None:
    job = active_job()
    if job is not None:
        job.stop()


def follow(job: ToyJob, draw: Callable[[ToyRun], None]) -> None:
    """Poll the running job, redrawing after each report, until it is done; then keep its model."""
    try:
        while not job.finished:
            if job.poll(wait=0.5):
                draw(job.run)
    finally:
        if job.finished:
            st.session_state.toy_job = None
            training_slot().leave(visitor())
            job.close()
            if job.error is None:
                st.session_state.toy_runs = (runs() + [job.run])[-KEEP:]
                st.session_state.toy_traces = {}
    draw(job.run)


def curves(run: ToyRun) -> dict[str, list[float]]:
    """The run's reports as chart series (reports before the first step have no loss yet)."""
    reports = [r for r in run.history if r.step > 0]
    return {
        "seconds": [r.seconds for r in reports],
        "loss": [r.loss for r in reports],
        "accuracy": [r.accuracy for r in reports],
    }
