"""The models a page can explore and everything computed from them, cached: one typed `ActiveModel` per name
(a checkpoint folder, shared read-only by every session, or this tab's toy model), its traces, and typed
functions for every run of the model a page shows. Nothing here reads the session; pages pass the model's
name and the sentence (ui.state holds those)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from transformer import attribution, checkpoint, experiments, explain, head_study, latent, marian
from transformer.config import ModelConfig
from transformer.dataset import EVERYDAY_DEV, read_pairs
from transformer.experiments import Head
from transformer.model import Transformer
from transformer.trace import Trace, trace
from transformer.translation import EmptyInput
from ui import toy
from ui.i18n import t

CHECKPOINTS = Path(__file__).resolve().parent.parent / "checkpoints"
DEFAULT_MODEL = "en-de"
TOY_MODEL = "toy model (this tab)"  # the model trained on the "Train one yourself" page, never written to disk
MAX_CHARS = 2000  # longer text is cut before tokenizing; the piece limit then applies


def list_models() -> list[str]:
    """Every folder under checkpoints/ that holds a config.json (shipped or user-trained), and this
    tab's toy model once it has one."""
    names = sorted(p.parent.name for p in CHECKPOINTS.glob("*/config.json") if checkpoint.is_complete(p.parent))
    names = sorted(names, key=lambda n: n != DEFAULT_MODEL)
    return names + ([TOY_MODEL] if toy.latest() is not None else [])


@st.cache_resource(show_spinner=False)
def load_model(name: str):
    """Model and tokenizer of a checkpoint folder, loaded once per process and shared read-only by every session."""
    checkpoint.serve_with_threads(1)
    return checkpoint.load(CHECKPOINTS / name)


@dataclass(frozen=True)
class ActiveModel:
    """The model a page explores, resolved once from its name."""

    name: str
    model: Transformer
    tokenizer: object  # a Tokenizer, MarianTokenizer or the toy's vocabulary: encode, decode, id_to_piece
    config: ModelConfig
    shared: bool  # a checkpoint folder: computed once and kept for every session; False: this tab's toy model
    folder: Path | None  # the checkpoint folder (None for the toy model)


def active(name: str) -> ActiveModel:
    """The one place a name becomes a model (the toy model's name is compared here and nowhere else)."""
    if name == TOY_MODEL:
        run = toy.latest()
        return ActiveModel(name, run.model, run.task.vocab, run.model.cfg, False, None)
    model, tokenizer = load_model(name)
    return ActiveModel(name, model, tokenizer, model.cfg, True, CHECKPOINTS / name)


# Traces are cached as resources: one object shared read-only by every session (frozen dataclasses of arrays
# no page writes to). st.cache_data would pickle a multi-megabyte trace into the cache and unpickle a fresh
# copy on every page view, which cost more than drawing the page.
@st.cache_resource(max_entries=128, show_spinner=False)
def _shared_trace(name: str, text: str) -> Trace:
    model, tokenizer = load_model(name)
    return trace(model, tokenizer, text)


def get_trace(name: str, text: str) -> Trace:
    """The trace of `text` (cut to MAX_CHARS) by model `name`; raises EmptyInput when there is nothing to
    translate. A shared model's traces are kept for every session, the toy model's in this tab's session."""
    text = text[:MAX_CHARS]
    am = active(name)
    if am.shared:
        return _shared_trace(name, text)
    traces = st.session_state.setdefault("toy_traces", {})  # the toy model is this tab's: not shared
    if text not in traces:
        traces[text] = trace(am.model, am.tokenizer, text)
    return traces[text]


def trace_or_none(name: str, text: str) -> Trace | None:
    """The trace, or None when the text has nothing to translate."""
    try:
        return get_trace(name, text)
    except EmptyInput:
        return None


def on_trace(fn: Callable) -> Callable:
    """`fn(model, tokenizer, trace, *args)` as `f(name, text, *args)`: computed once per model, sentence and
    arguments for a shared model (kept for every session), each time for this tab's toy model."""

    def compute(name: str, text: str, *args):
        am = active(name)
        return fn(am.model, am.tokenizer, get_trace(name, text), *args)

    compute.__name__ = compute.__qualname__ = f"on_trace_{fn.__name__}"  # its own cache, not a shared one
    cached = st.cache_resource(max_entries=128, show_spinner=False)(compute)

    def run(name: str, text: str, *args):
        return (cached if active(name).shared else compute)(name, text, *args)

    return run


_ablate = on_trace(experiments.ablate)


def rank_heads(model: Transformer, _tokenizer, tr: Trace) -> experiments.HeadRanking:
    return experiments.rank_heads(model, tr)


def attribute(model: Transformer, _tokenizer, tr: Trace, layer: int) -> attribution.Attribution:
    return attribution.attribute(model, tr, layer)


_rank = on_trace(rank_heads)
_lens = on_trace(experiments.logit_lens)
_force = on_trace(experiments.force)
_sample = on_trace(experiments.sample)
_beam = on_trace(experiments.beam_vs_greedy)
_positions = on_trace(experiments.position_what_ifs)
_peek = on_trace(explain.peek_future)
_plain = on_trace(experiments.plain_greedy)
_attribute = on_trace(attribute)


def get_ablation(name: str, text: str, off: tuple[Head, ...]) -> experiments.Ablation:
    """The sentence translated again with the heads in `off` switched off."""
    return _ablate(name, text, tuple(sorted(off)))


def get_ranking(name: str, text: str) -> experiments.HeadRanking:
    """Every head switched off alone: how much less likely the translation becomes."""
    return _rank(name, text)


def get_logit_lens(name: str, text: str) -> experiments.LogitLens:
    return _lens(name, text)


def get_forced(name: str, text: str, step: int, piece_id: int) -> experiments.Forced:
    """Greedy decoding made to take `piece_id` at `step`, then left to continue."""
    return _force(name, text, step, piece_id)


def get_sample(name: str, text: str, temperature: float, top_k: int, seed: int) -> experiments.Sample:
    """One seeded sampled translation (the same seed gives the same draw)."""
    return _sample(name, text, temperature, top_k, seed)


def get_beam(name: str, text: str, beam: int) -> experiments.BeamVsGreedy:
    return _beam(name, text, beam)


def get_position_what_ifs(name: str, text: str, seed: int) -> experiments.PositionWhatIfs:
    return _positions(name, text, seed)


def get_peek(name: str, text: str) -> explain.PeekFuture:
    return _peek(name, text)


def get_plain_greedy(name: str, text: str) -> str:
    """The sentence decoded without the loop rule."""
    return _plain(name, text)


def get_attribution(name: str, text: str, layer: int) -> attribution.Attribution:
    """Attention, rollout, gradient × input and leave-one-out for the sentence (cross-attention layer `layer`)."""
    return _attribute(name, text, layer)


@st.cache_resource(show_spinner=False)  # get_embedding_map shows a spinner in the reader's language
def _embedding_map(name: str) -> latent.EmbeddingMap:
    model, tokenizer = load_model(name)
    return latent.embedding_map(model, tokenizer)


def get_embedding_map(name: str) -> latent.EmbeddingMap:
    """PCA of the model's embedding matrix: once per checkpoint, shared read-only by every session."""
    with st.spinner(t("Projecting the embedding matrix…")):  # drawn only when it takes longer than 0.5 s
        am = active(name)
        return _embedding_map(name) if am.shared else latent.embedding_map(am.model, am.tokenizer)


def second_sentence(name: str, text: str) -> str:
    """A second sentence sharing a piece with `text`, for the Latent space page's comparison."""
    return latent.second_sentence(active(name).tokenizer, text)


@st.cache_data(show_spinner=False)
def _model_facts(name: str) -> explain.ModelFacts:
    model, tokenizer = load_model(name)
    return explain.model_facts(model, CHECKPOINTS / name, tokenizer)


def get_model_facts(name: str) -> explain.ModelFacts:
    am = active(name)
    return _model_facts(name) if am.shared else explain.model_facts(am.model, None, am.tokenizer)


LANGUAGES = {  # code -> English name (t() gives the reader's language)
    "en": "English", "de": "German", "zh": "Chinese", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "ru": "Russian", "ja": "Japanese", "ar": "Arabic", "sv": "Swedish", "fi": "Finnish",
}  # fmt: skip


def language_codes(name: str) -> tuple[str, str]:
    """A model's source and target language codes: what a Marian folder's name says (opus-mt-en-zh: en, zh);
    en and de for ours."""
    codes = marian.languages(CHECKPOINTS / name) if name != TOY_MODEL else None
    return codes or ("en", "de")


def languages(name: str) -> tuple[str, str]:
    """A model's source and target language names, in the reader's language."""
    src, tgt = language_codes(name)
    return t(LANGUAGES.get(src, src)), t(LANGUAGES.get(tgt, tgt))


# ---- what the heads do: a study over a data set -------------------------------------------------

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


def gpu_available() -> bool:
    return checkpoint.pick_device().type == "cuda"
