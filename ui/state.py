"""Cached loaders and the one sentence every page explores (session state + URL)."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from transformer import attribution, checkpoint, experiments, explain, head_study, latent, marian
from transformer.dataset import EVERYDAY_DEV, read_pairs
from transformer.trace import JSON_BYTES_PER_NUMBER, Trace, to_json_gz, trace, value_count
from transformer.translation import MAX_SRC_TOKENS, EmptyInput
from ui import charts, toy, view
from ui.i18n import md, t, tt

CHECKPOINTS = Path(__file__).resolve().parent.parent / "checkpoints"
DEFAULT_MODEL = "en-de"
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
MAX_CHARS = 2000  # longer text is cut before tokenizing; the piece limit then applies


TOY_MODEL = "toy model (this tab)"  # the model trained on the "Train one yourself" page, never written to disk


def list_models() -> list[str]:
    """Every folder under checkpoints/ that holds a config.json (shipped or user-trained), and this
    tab's toy model once it has one."""
    names = sorted(p.parent.name for p in CHECKPOINTS.glob("*/config.json") if checkpoint.is_complete(p.parent))
    names = sorted(names, key=lambda n: n != DEFAULT_MODEL)
    return names + ([TOY_MODEL] if toy.latest() is not None else [])


def _toy_trace(text: str) -> Trace:
    """The toy model's trace, cached in this tab's session (the model is not shared, so not in st.cache_data)."""
    run = toy.latest()
    traces = st.session_state.setdefault("toy_traces", {})
    key = text[:MAX_CHARS]
    if key not in traces:
        traces[key] = trace(run.model, run.task.vocab, key)
    return traces[key]


def toy_trace(text: str) -> Trace | None:
    """The toy model's trace of `text`, or None when there is nothing to run it on."""
    try:
        return _toy_trace(text)
    except EmptyInput:
        return None


def use_toy_model(text: str) -> None:
    """Make this tab's toy model, and an input it knows, the ones every page explores."""
    st.session_state.model = TOY_MODEL
    set_sentence(text or toy.latest().task.probe)


@st.cache_resource(show_spinner=False)
def load_model(name: str):
    """Model and tokenizer, loaded once per process and shared read-only by every session."""
    checkpoint.serve_with_threads(1)
    return checkpoint.load(CHECKPOINTS / name)


# Traces and runs are cached as resources: one object shared read-only by every session (frozen
# dataclasses of arrays no page writes to). st.cache_data would pickle a multi-megabyte trace into
# the cache and unpickle a fresh copy on every page view, which cost more than drawing the page.
@st.cache_resource(max_entries=128, show_spinner=False)
def get_trace(name: str, text: str) -> Trace:
    model, tokenizer = load_model(name)
    return trace(model, tokenizer, text)


def _active_model(name: str):
    """(model, tokenizer) of a checkpoint folder or of this tab's toy model."""
    if name == TOY_MODEL:
        run = toy.latest()
        return run.model, run.task.vocab
    return load_model(name)


# Runs of the model on the trace of a sentence, each `f(model, tokenizer, trace, *args)`, by name
RUNS = {
    "ablate": experiments.ablate,
    "rank_heads": lambda model, _tokenizer, tr: experiments.rank_heads(model, tr),
    "logit_lens": experiments.logit_lens,
    "force": experiments.force,
    "sample": experiments.sample,
    "beam": experiments.beam_vs_greedy,
    "positions": experiments.position_what_ifs,
    "peek": explain.peek_future,
    "plain_greedy": experiments.plain_greedy,
    "attribute": lambda model, _tokenizer, tr, layer: attribution.attribute(model, tr, layer),
}


@st.cache_resource(max_entries=128, show_spinner=False)
def _cached_run(kind: str, name: str, text: str, args: tuple):
    model, tokenizer = load_model(name)
    return RUNS[kind](model, tokenizer, get_trace(name, text), *args)


def run_on_trace(kind: str, name: str, text: str, *args):
    """One of RUNS on the sentence's trace: cached for checkpoint models (shared by every session);
    this tab's toy model is not shareable, so its runs are computed each time."""
    if name == TOY_MODEL:
        model, vocab = _active_model(name)
        return RUNS[kind](model, vocab, _toy_trace(text), *args)
    return _cached_run(kind, name, text, args)


def get_ablation(name: str, text: str, off: tuple) -> experiments.Ablation:
    """The sentence translated again with the heads in `off` switched off."""
    return run_on_trace("ablate", name, text, tuple(sorted(off)))


def get_ranking(name: str, text: str) -> experiments.HeadRanking:
    """Every head switched off alone: how much less likely the translation becomes."""
    return run_on_trace("rank_heads", name, text)


def get_logit_lens(name: str, text: str) -> experiments.LogitLens:
    return run_on_trace("logit_lens", name, text)


def get_forced(name: str, text: str, step: int, piece_id: int) -> experiments.Forced:
    """Greedy decoding made to take `piece_id` at `step`, then left to continue."""
    return run_on_trace("force", name, text, step, piece_id)


def get_sample(name: str, text: str, temperature: float, top_k: int, seed: int) -> experiments.Sample:
    """One seeded sampled translation (the same seed gives the same draw)."""
    return run_on_trace("sample", name, text, temperature, top_k, seed)


def get_beam(name: str, text: str, beam: int) -> experiments.BeamVsGreedy:
    return run_on_trace("beam", name, text, beam)


def get_position_what_ifs(name: str, text: str, seed: int) -> experiments.PositionWhatIfs:
    return run_on_trace("positions", name, text, seed)


def get_plain_greedy(name: str, text: str) -> str:
    """The sentence decoded without the loop rule."""
    return run_on_trace("plain_greedy", name, text)


def get_peek(name: str, text: str) -> explain.PeekFuture:
    return run_on_trace("peek", name, text)


def get_attribution(name: str, text: str, layer: int) -> attribution.Attribution:
    """Attention, rollout, gradient × input and leave-one-out for the sentence (cross-attention layer `layer`)."""
    return run_on_trace("attribute", name, text, layer)


STUDY_DATA = EVERYDAY_DEV  # the data set the heads page studies: shipped, with references, never trained on


@st.cache_resource(show_spinner=False)
def _studies() -> dict:
    """Head studies already computed, by (model, sentences, curves): shared by every session."""
    return {}


def study_pairs(n: int) -> list[tuple[str, str]]:
    en, de = read_pairs(STUDY_DATA)
    return list(zip(en, de))[:n]


def head_study_of(name: str, n: int, curves: bool, progress=None) -> head_study.HeadStudy:
    """Roles, importance (and pruning curves) of the model's heads on the first `n` sentences of STUDY_DATA,
    computed once per model and size. Not an st.cache function: it reports `progress(stage, done, total)`
    while it works, which a cached function may not do to an element drawn outside it."""
    store = _studies()
    for key in ((name, n, True), (name, n, curves)):  # a study with curves also answers one without
        if key in store:
            return store[key]
    model, tokenizer = load_model(name)
    store[key] = head_study.study(model, tokenizer, study_pairs(n), STUDY_DATA.name, curves, progress=progress)
    return store[key]


def cached_study(name: str) -> head_study.HeadStudy | None:
    """The largest study with pruning curves already computed for this model, if any (computes nothing)."""
    done = [(n, study) for (model, n, curves), study in _studies().items() if model == name and curves]
    return max(done, key=lambda d: d[0])[1] if done else None


def has_head_study(name: str, n: int, curves: bool) -> bool:
    return (name, n, True) in _studies() or (name, n, curves) in _studies()


@st.cache_resource(show_spinner=False)  # get_embedding_map shows a spinner in the reader's language
def _embedding_map(name: str) -> latent.EmbeddingMap:
    model, tokenizer = load_model(name)
    return latent.embedding_map(model, tokenizer)


def get_embedding_map(name: str) -> latent.EmbeddingMap:
    """PCA of the model's embedding matrix: once per checkpoint, shared read-only by every session."""
    with st.spinner(t("Projecting the embedding matrix…")):  # drawn only when it takes longer than 0.5 s
        if name == TOY_MODEL:
            return latent.embedding_map(*_active_model(name))
        return _embedding_map(name)


LANGUAGES = {  # code -> English name (t() gives the reader's language)
    "en": "English", "de": "German", "zh": "Chinese", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "ru": "Russian", "ja": "Japanese", "ar": "Arabic", "sv": "Swedish", "fi": "Finnish",
}  # fmt: skip


def language_codes() -> tuple[str, str]:
    """The current model's source and target language codes: what a Marian folder's name says (opus-mt-en-zh:
    en, zh); en and de for ours."""
    name = st.session_state.model
    codes = marian.languages(CHECKPOINTS / name) if name != TOY_MODEL else None
    return codes or ("en", "de")


def languages() -> tuple[str, str]:
    """The current model's source and target language names, in the reader's language."""
    src, tgt = language_codes()
    return t(LANGUAGES.get(src, src)), t(LANGUAGES.get(tgt, tgt))


def second_sentence(text: str) -> str:
    """A second sentence sharing a piece with `text`, for the Latent space page's comparison."""
    name = st.session_state.model
    tokenizer = toy.latest().task.vocab if name == TOY_MODEL else load_model(name)[1]
    return latent.second_sentence(tokenizer, text)


def trace_of(text: str) -> Trace | None:
    """The current model's trace of another text (None when it has nothing to translate)."""
    name = st.session_state.model
    try:
        return _toy_trace(text) if name == TOY_MODEL else get_trace(name, text[:MAX_CHARS])
    except EmptyInput:
        return None


@st.cache_data(show_spinner=False)
def _model_facts(name: str) -> dict:
    model, tokenizer = load_model(name)
    return explain.model_facts(model, CHECKPOINTS / name, tokenizer)


def get_model_facts(name: str) -> dict:
    if name == TOY_MODEL:
        run = toy.latest()
        return explain.model_facts(run.model, None, run.task.vocab)
    return _model_facts(name)


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
    if name == TOY_MODEL:
        try:
            return _toy_trace(text)
        except EmptyInput:
            st.info(t("Type an input for the toy model in the box (its task is shown on the Train page)."))
            view.stop()
    try:
        with st.spinner(t("Loading the model…")):  # drawn only when it takes longer than half a second
            load_model(name)
    except checkpoint.CheckpointError as e:
        st.error(t("The model could not be loaded.") + " " + error_text(e))
        view.stop()
    try:
        t0 = time.perf_counter()
        tr = get_trace(name, text)
        st.session_state.last_trace_ms = (time.perf_counter() - t0) * 1000
    except EmptyInput:
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


def gpu_available() -> bool:
    return checkpoint.pick_device().type == "cuda"


def _take_click(chart_key: str, key: str) -> None:
    points = (st.session_state.get(chart_key) or {}).get("selection", {}).get("points", [])
    if points:
        st.session_state[key] = int(points[0]["point_index"])


def _clicked(chart_key: str, key: str) -> None:
    _take_click(chart_key, key)
    if key in st.session_state:
        view._view_changed("query", key, str)


def pick_token(pieces, key: str, label: str | None = None) -> int:
    """A select box plus a clickable token strip, both bound to st.session_state[key] and the view's `query`."""
    label = label or t("Query token")
    n = len(pieces)
    view.sync("query", key, range(n))  # the strip is drawn before the box, on the same selection
    st.plotly_chart(
        charts.token_strip(pieces, st.session_state.get(key, 0), t("{label}: click a piece", label=label)),
        key=f"{key}_strip",
        on_select=lambda: _clicked(f"{key}_strip", key),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    return view.bound(st.selectbox, label, list(range(n)), "query", key, format_func=lambda i: f"{i}: {pieces[i]}")


MAX_LABELS_SIDE_BY_SIDE = 16  # piece labels a map can carry in half of the page
MAX_LABELS_IN_A_THIRD = 7  # ... and in a third


def map_columns(n: int, n_labels: int) -> list:
    """n columns for maps side by side when their piece labels fit (a third of the page carries fewer than a
    half: their rotated labels overlapped), else n full-width slots, stacked."""
    fits = n_labels <= (MAX_LABELS_SIDE_BY_SIDE if n <= 2 else MAX_LABELS_IN_A_THIRD)
    return list(st.columns(n)) if fits else [st.container() for _ in range(n)]
