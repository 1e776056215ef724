"""English / 中文: every message has a Chinese entry, and every page under ?lang=zh shows no English
in its titles, captions, texts, labels or chart titles (the user's sentence, pieces, formulas and
a few technical terms aside)."""

from __future__ import annotations

import ast
import json
import re
import unicodedata
from pathlib import Path

import pytest

from transformer.trace import KINDS
from ui.en import EN
from ui.frame import SECTIONS
from ui.i18n import CATALOGS, LANGS, entry
from ui.models import LANGUAGES, TOY_MODEL
from ui.state import EXAMPLES
from ui.zh import ZH

from .test_pages import NAMES, assert_clean, open_app

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("transformer/**/*.py")]  # ui/charts too
CJK = re.compile(r"[\u4e00-\u9fff]")
FIELD = re.compile(r"\{[^{}]*\}")


def messages() -> dict[str, str]:
    """Every literal message: first argument of t(), tt(), msg(); both of tn(). Message -> file."""
    found = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("t", "msg", "tn", "tt"):
                for arg in node.args[: 2 if name == "tn" else 1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, path.relative_to(ROOT).as_posix())
    return found


def test_every_message_has_a_chinese_entry_with_the_same_fields():
    found = messages()
    assert len(found) > 400  # the scan sees the app's messages (a broken scan would pass vacuously)
    for section, pages in SECTIONS.items():  # the navigation's names are data, not t("...") literals
        found.update({name: "ui/frame.py" for name in [section, *(title for _, title, _ in pages)]})
    missing = {m: f for m, f in found.items() if entry(ZH, m) is None}
    assert not missing, missing
    for key, chinese in ZH.items():
        english = EN.get(key, key)  # a long explanation's id, or the English message itself
        no_words = not re.search("[A-Za-z]{2,}", FIELD.sub("", chinese))  # "{i} / {n}" is not English
        kept = chinese in ("CSV", "GPU（CUDA）")  # names Chinese notes keep
        assert CJK.search(chinese) or no_words or kept, f"left in English: {english!r} -> {chinese!r}"
        assert sorted(FIELD.findall(english)) == sorted(FIELD.findall(chinese)), english


DATA_MESSAGES = [  # shown through t(variable), not t("literal"): names of languages, kinds, parts and layouts
    *LANGUAGES.values(), *KINDS, "self-attention", "encoder", "decoder", "embeddings (shared)", TOY_MODEL,
    "sinusoids, sin and cos interleaved", "sinusoids, sines then cosines", "learned, one vector a position",
]  # fmt: skip


def test_every_catalog_covers_every_message_and_holds_nothing_else():
    """A catalog per language besides English (ui.i18n.CATALOGS): the same messages, the same fields, no stale
    entries (a message the app no longer shows) for a translator to keep up."""
    found = set(messages()) | {name for s, pages in SECTIONS.items() for name in [s, *(p for _, p, _ in pages)]}
    for code, catalog in CATALOGS.items():
        assert code in LANGS
        missing = {m for m in found if entry(catalog, m) is None}
        assert not missing, (code, sorted(missing)[:5])
        used = found | {m[:1].lower() + m[1:] for m in found}  # "Piece" is shown through the entry "piece"
        stale = set(catalog) - used - set(DATA_MESSAGES)
        assert not stale, (code, sorted(stale))
        twins = [k for k in catalog if k[:1].lower() + k[1:] != k and k[:1].lower() + k[1:] in catalog]
        assert not twins, (code, twins)  # near-duplicates: one entry serves both
        for key, other in catalog.items():
            english = EN.get(key, key)
            assert sorted(FIELD.findall(english)) == sorted(FIELD.findall(other)), (code, english)


def test_long_explanations_are_written_once_by_id():
    """No message of more than 200 characters is English prose in the code: each is an id in ui/en.py, used
    by the code and present in every catalog; ui/en.py holds no id the code no longer uses."""
    found = messages()
    assert not [m for m in found if len(m) > 200], "a long explanation written in the code: give it an id in ui/en.py"
    ids = {m for m in found if m in EN}
    assert ids == set(EN), sorted(set(EN) ^ ids)
    assert all(re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", i) for i in EN)


def broken_emphasis(text: str) -> list[str]:
    """Runs of * that CommonMark cannot use as the opener or closer they are meant to be (runs alternate):
    next to full-width punctuation, "*后归一化（post-norm）*顺序" shows its asterisks."""

    def punct(c: str) -> bool:
        return unicodedata.category(c)[0] in "PS"

    out, opening = [], True
    for m in re.finditer(r"\*+", text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        left = not after.isspace() and (not punct(after) or before.isspace() or punct(before))
        right = not before.isspace() and (not punct(before) or after.isspace() or punct(after))
        if not (left if opening else right):
            out.append(text[max(0, m.start() - 8) : m.end() + 8])
        opening = not opening
    return out


def test_chinese_emphasis_renders():
    assert broken_emphasis("的*后归一化（post-norm）*顺序") and not broken_emphasis("的*后归一化*（post-norm）顺序")
    broken = {english: b for english, chinese in ZH.items() if (b := broken_emphasis(chinese))}
    assert not broken, broken


# ---- pages rendered in Chinese -----------------------------------------------------------------

# Words that stay as they are in Chinese notes on the paper (formulas, names, file formats).
TERMS = {
    "logit lens",
    "Add & Norm",
    "post-norm",
    "pre-norm",
    "one-hot",
    "top-k",
    "Top-k",
    "Kobayashi",
    "BLEU and chrF",
}
STOPWORDS = re.compile(
    r"\b(the|of|and|to|is|are|with|for|from|each|every|this|that|which|its|into|on|at|by|one|two)\b", re.I
)
PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ ,'’]+[A-Za-z]{2,})+")


def _strip(text: str, known: list[str]) -> str:
    """Take out what is not a message: the sentence and output, pieces, code spans, formulas, markup."""
    for k in sorted(known, key=len, reverse=True):
        if len(k) > 1:  # a piece only where it stands alone, so "fa" does not eat into "father"
            text = re.sub(rf"(?<![A-Za-z]){re.escape(k)}(?![A-Za-z])", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)  # code: pieces, commands
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)  # plotly's <br>, <s> pieces
    text = re.sub(r"[A-Za-z_]+\([^()]*\)", " ", text)  # LayerNorm(x + Sublayer(x)), softmax(q·k)
    for term in TERMS:
        text = text.replace(term, " ")
    return text


def english_in(text: str, known: list[str]) -> list[str]:
    rest = _strip(text, known)
    return PHRASE.findall(rest) + STOPWORDS.findall(rest)


def _chart_texts(spec: str) -> list[str]:
    fig = json.loads(spec)
    layout = fig.get("layout", {})
    out = [layout.get("title", {}).get("text", "")]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            out.append((axis.get("title") or {}).get("text", ""))
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    out += [tr.get("name") or "" for tr in fig.get("data", [])]
    return out


def _from_the_card(text: str) -> bool:
    from transformer.checkpoint import DEFAULT_CHECKPOINT
    from transformer.explain import card_summary

    card = (DEFAULT_CHECKPOINT / "README.md").read_text(encoding="utf-8")
    return text.startswith("# Model card") or text == card_summary(card)


def shown_texts(at) -> list[str]:
    """Titles, headers, captions, texts, alerts, widget labels and chart titles of a rendered page."""
    texts = [
        e.value
        for kind in ("title", "header", "subheader", "caption", "info", "warning", "success")
        for e in getattr(at, kind)
    ]
    texts += [m.value for m in at.markdown if not _from_the_card(m.value)]  # the card is the checkpoint's, in English
    for kind in (
        "selectbox",
        "radio",
        "multiselect",
        "slider",
        "select_slider",
        "toggle",
        "checkbox",
        "button",
        "text_input",
        "text_area",
        "number_input",
    ):
        texts += [w.label for w in getattr(at, kind)]
    texts += [t for chart in at.get("plotly_chart") for t in _chart_texts(chart.proto.spec)]
    texts += [m.label for m in at.metric] + [e.label for e in at.expander]
    texts += [str(c) for df in at.dataframe for c in df.value.columns]
    return [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", t) for t in texts if t]  # as read: Markdown escapes undone


def known_strings(at) -> list[str]:
    """The user's sentence, the German output and every piece: text the model reads or writes."""
    tr = at.session_state["_zh_trace"] if "_zh_trace" in at.session_state else None
    return [] if tr is None else [tr.source, tr.translation, *tr.src.pieces, *tr.output_pieces, *tr.tgt.pieces]


@pytest.fixture(scope="module")
def zh_trace():
    from ui.models import get_trace
    from ui.state import DEFAULT_SENTENCE

    return get_trace("en-de", DEFAULT_SENTENCE)


@pytest.mark.parametrize("page", NAMES)
def test_every_page_in_chinese_shows_no_english(page, zh_trace):
    at = open_app(page, lang="zh")
    assert_clean(at)
    if page == "experiments":  # the parts behind toggles, too
        for key in ("exp_rank", "exp_beam_on", "exp_whatif_on"):
            at.toggle(key=key).set_value(True)
        at.run()
        assert_clean(at)
    if page == "head_roles":  # the study and its pruning curves, on the smallest size
        at.select_slider(key="roles_n").set_value(20)
        at.toggle(key="roles_on").set_value(True).run()
        at.toggle(key="roles_prune").set_value(True).run()
        assert_clean(at)
    known = [zh_trace.source, zh_trace.translation, *zh_trace.src.pieces, *zh_trace.output_pieces, *EXAMPLES]
    known += [p for s in zh_trace.steps for p in s.top_pieces]
    texts = shown_texts(at)
    assert len(texts) > 5 and any(CJK.search(t) for t in texts)
    leaks = {t[:90]: english_in(t, known) for t in texts if english_in(t, known)}
    assert not leaks, leaks


def test_the_check_sees_english():
    """The detector itself: an English caption is caught, a Chinese one with a formula and pieces is not."""
    assert english_in("Rows are queries, columns are keys.", [])
    assert english_in("Layer", []) == [] and english_in("the layer", [])
    assert not english_in("层归一化：LayerNorm(x + Sublayer(x))，词元 `▁cat`，logit lens", [])
    assert not english_in("“The cat is sleeping.” 的翻译", ["The cat is sleeping."])


def test_a_toy_model_trained_in_chinese_shows_no_english():
    """The toy page after a (5 s) training: status, curves, the runs table and the probe's map."""
    at = open_app("toy", lang="zh")
    from transformer.toy import TASKS

    at.selectbox(key="toy_task").select_index(TASKS.index("copy"))  # its labels are formatted in Chinese
    at.slider(key="toy_seconds").set_value(5)
    at.checkbox(key="toy_causal").uncheck()
    next(b for b in at.button if b.label == "训练").click().run(timeout=180)
    assert_clean(at)
    (run,) = at.session_state["toy_runs"]
    assert at.dataframe[0].value.iloc[0, 0] == "copy, 无因果掩码"  # the run's name, in Chinese
    probe = run.task.probe
    known = [probe, run.history[-1].probe.translation, *probe.split(), "copy"]
    texts = shown_texts(at)
    leaks = {t[:90]: english_in(t, known) for t in texts if english_in(t, known)}
    assert not leaks, leaks


def test_library_messages_escape_the_users_words_but_not_code_spans():
    import html

    from transformer.text import msg
    from ui.i18n import tt

    text = msg("Step {n}: after `{prefix}`, “{source}”", n=1, prefix="<s>", source="<b>x</b>")
    assert str(text) == "Step 1: after `<s>`, “<b>x</b>”"
    escaped = tt(text, escape=lambda v: html.escape(v, quote=False))
    assert escaped == "Step 1: after `<s>`, “&lt;b&gt;x&lt;/b&gt;”"  # a code span shows <s> as it is
