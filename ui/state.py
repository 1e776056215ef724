"""The session: the model and the one sentence every page explores (session state + URL), the sidebar's
widgets for them, and the trace every page starts from, with its messages. The models and what is computed
from them live in ui.models."""

from __future__ import annotations

import time
from typing import NamedTuple

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from transformer import checkpoint, explain
from transformer.trace import JSON_BYTES_PER_NUMBER, Trace, to_json_gz, value_count
from transformer.translation import MAX_SRC_TOKENS, EmptyInput
from ui import models, toy, view
from ui.i18n import md, t, tt
from ui.models import DEFAULT_MODEL, MAX_CHARS, TOY_MODEL, list_models

# Sentences the shipped model translates correctly (checked with `python -m transformer.translate`),
# so the first view teaches from a right answer. Its mistakes are listed in the model card.
DEFAULT_SENTENCE = "The cat is sleeping on the sofa."
EXAMPLES = (
    "The cat is sleeping on the sofa.",
    "My sister lives in a small house.",
    "My father works in a bank.",
    "Can you help me?",
    "Please close the window.",
    "We walked through the forest.",
)


def use_toy_model(text: str) -> None:
    """Make this tab's toy model, and an input it knows, the ones every page explores."""
    st.session_state.model = TOY_MODEL
    set_sentence(text or toy.latest().task.probe)


class Session(NamedTuple):
    """What this visitor explores: the model's name and the sentence (set by the sidebar, a link or a page).
    Unpacks as (model, sentence), the first arguments of every function in ui.models."""

    model: str
    sentence: str


def session() -> Session:
    """This run's session (its fields exist from the page's first call on: `start_page`)."""
    return Session(st.session_state.model, st.session_state.sentence)


def languages() -> tuple[str, str]:
    """The session model's source and target language names, in the reader's language."""
    return models.languages(st.session_state.model)


def language_codes() -> tuple[str, str]:
    return models.language_codes(st.session_state.model)


# ---- the shared sentence ------------------------------------------------------------------


def start_page(title: str) -> None:
    """Every page's first call. A session whose first run did not come through app.py's frame (a server
    that began in Streamlit's older multipage mode runs pages/x.py on its own for a link's first
    request, and for every request that arrives while it is still in that mode) starts over through
    the frame; then the shared state, then the page's title."""
    if "_framed" not in st.session_state and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        st.rerun()
    init_state()
    st.title(title)


def init_state() -> None:
    """First run of a session: take sentence and model from the URL, if it has them."""
    ss = st.session_state
    view.init_view()
    if "sentence" not in ss:
        ss.sentence = st.query_params.get("text", DEFAULT_SENTENCE)[:MAX_CHARS]
    if "model" not in ss:
        models = list_models()
        wanted = st.query_params.get("model", DEFAULT_MODEL)
        ss.model = wanted if wanted in models else (models[0] if models else DEFAULT_MODEL)
        if wanted != ss.model:  # a link to a model this server does not have: say so, do not switch silently
            ss.model_notice = t(
                "This server has no model '{wanted}'; showing '{model}' instead.",
                wanted=md(wanted[:80]),
                model=md(ss.model),
            )


def _pick_model() -> None:
    st.session_state.model = st.session_state.model_picker


def model_picker() -> None:
    """Every checkpoint folder, so a model trained with `python -m transformer.train --out checkpoints/x` shows up."""
    models = list_models()
    if not models:
        return
    if st.session_state.model not in models:
        st.session_state.model = models[0]
    st.session_state.model_picker = st.session_state.model
    st.selectbox(
        t("Model (folders under checkpoints/)"), models, key="model_picker", on_change=_pick_model, format_func=t
    )


def set_sentence(text: str) -> None:
    """The shared sentence; text past MAX_CHARS is cut, and the next run says so (a paste is never dropped)."""
    st.session_state.sentence = text[:MAX_CHARS]
    st.session_state.chars_cut = len(text) if len(text) > MAX_CHARS else 0


def _sync(key: str) -> None:
    set_sentence(st.session_state[key])


def sentence_widget(key: str, where=st, big: bool = False) -> None:
    """A text box bound to the shared sentence: editing it here changes it on every page."""
    st.session_state[key] = st.session_state.sentence
    label = t("{language} sentence", language=languages()[0])
    if big:
        where.text_area(label, key=key, on_change=_sync, args=(key,), height=90)
    else:
        where.text_input(label, key=key, on_change=_sync, args=(key,))


def current_trace() -> Trace:
    """The trace of the shared sentence, or a friendly message and stop (never a traceback)."""
    name, text = st.session_state.model, st.session_state.sentence  # set by start_page, every page's first call
    try:
        with st.spinner(t("Loading the model…")):  # drawn only when it takes longer than half a second
            am = models.active(name)
    except checkpoint.CheckpointError as e:
        st.error(t("The model could not be loaded.") + " " + error_text(e))
        view.stop()
    try:
        t0 = time.perf_counter()
        tr = models.get_trace(name, text)
        st.session_state.last_trace_ms = (time.perf_counter() - t0) * 1000
    except EmptyInput:
        if not am.shared:
            st.info(t("Type an input for the toy model in the box (its task is shown on the Train page)."))
        else:
            st.info(t("Type a sentence in {language} in the box to translate and explore it.", language=languages()[0]))
        view.stop()
    if cut := st.session_state.get("chars_cut"):
        st.warning(t("The text had {n:,} characters: only the first {k:,} are used.", n=cut, k=MAX_CHARS))
    for warning in explain.warnings(tr):  # input it cannot read, output that loops: said, not hidden
        st.warning(tt(warning, escape=md))
    if tr.truncated:
        st.warning(t("The text is long: only its first {n} pieces were translated and are shown.", n=MAX_SRC_TOKENS))
    return tr


def error_text(e: Exception) -> str:
    """A loading error in the reader's language (a checkpoint's own message when it has one)."""
    return tt(e.text) if isinstance(e, checkpoint.CheckpointError) else str(e)


def trace_json(tr: Trace) -> bytes:
    """The whole trace as gzip-compressed JSON, built when its download button is clicked."""
    return to_json_gz(tr)


def trace_json_size(tr: Trace) -> tuple[int, float]:
    """(numbers in the trace, megabytes of its JSON unpacked): said on the button before anything is built."""
    n = value_count(tr)
    return n, n * JSON_BYTES_PER_NUMBER / 1e6
