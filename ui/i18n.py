"""English / 中文: every message the app shows, looked up in one catalog per language (ui/zh.py).

A short message's English text is its key: `t("Layer")`, `t("head {n}", n=3)`; a long explanation has a
stable id instead, its English kept once in ui/en.py (`t("latent.an_id_is_just")`). Placeholders are
`str.format` fields, so numbers are formatted the same way in both languages. The language lives
in `st.session_state.lang` and in the URL (`?lang=zh`); tests/test_i18n.py checks that every
message written as a literal `t("...")`/`tn(...)` call has a Chinese entry and that no page shows
English under `?lang=zh`.
"""

from __future__ import annotations

import re

import streamlit as st

from transformer.text import Text
from ui.en import EN
from ui.zh import ZH

LANGS = {"en": "English", "zh": "中文"}  # code -> the language's own name, as the sidebar switch shows it
CATALOGS = {"zh": ZH}  # code -> English message -> that language's (English needs none)
DEFAULT_LANG = "en"


_MARKDOWN_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md(text: str) -> str:
    """Text a visitor or a link supplied, made safe inside Streamlit Markdown: every ASCII punctuation mark
    backslash-escaped (CommonMark), so links, images, HTML, emphasis, LaTeX ($) and colour directives
    (:red[...]) show as typed, and line breaks become spaces (no headings or lists out of a sentence)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def code(text: str) -> str:
    """Text for inside a Markdown code span (`...`): a backtick would end the span, so it is shown as ˋ."""
    return str(text).replace("`", "\u02cb")


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


def entry(catalog: dict[str, str], msg: str) -> str | None:
    """A message's translation: its own entry, or that of the same message starting in lower case ("Piece"
    and "piece" are one entry: a catalog keeps no near-duplicates)."""
    return catalog.get(msg, catalog.get(msg[:1].lower() + msg[1:]))


def _lookup(msg: str) -> str:
    """The message in the reader's language: an id of a long explanation (ui/en.py) or English prose, looked
    up in the reader's catalog; English, or a message a catalog lacks, as written."""
    return entry(CATALOGS.get(lang(), {}), msg) or EN.get(msg, msg)


def t(msg: str, /, **fields) -> str:
    """`msg` in the current language, its {fields} filled in."""
    out = _lookup(msg)
    return out.format(**fields) if fields else out


def tn(one: str, many: str, n: int, /, **fields) -> str:
    """The singular or plural message for `n` (Chinese has one form for both): `{n}` is filled in."""
    return t(one if n == 1 else many, n=n, **fields)


def tt(text: Text | str, escape=None) -> str:
    """A message the library built (`transformer.text.Text`: template and fields) in the current language.
    `escape`, if given, is applied to the string fields that are not inside a code span (`{piece}`); those
    inside one lose their backticks (`code`)."""
    if isinstance(text, str):
        return _lookup(text)
    template = _lookup(text.template)
    fields = {}
    for k, v in text.fields:
        v = tt(v, escape) if isinstance(v, Text) else v
        if escape is not None and isinstance(v, str):
            v = code(v) if f"`{{{k}" in template else escape(v)
        fields[k] = v
    return template.format(**fields)


def init_lang() -> None:
    """First run of a session: the language from the URL (`?lang=zh`), else the browser's (Chinese for a
    zh-* locale), else English."""
    if "lang" not in st.session_state:
        browser = "zh" if (st.context.locale or "").lower().startswith("zh") else DEFAULT_LANG
        wanted = st.query_params.get("lang", browser)
        st.session_state.lang = wanted if wanted in LANGS else DEFAULT_LANG


def _pick() -> None:
    st.session_state.lang = st.session_state.lang_picker


def lang_picker(where=st) -> None:
    """The sidebar switch, bound to the session's language (kept in the URL by ui.view.publish_url)."""
    st.session_state.lang_picker = lang()
    where.segmented_control(
        "Language / 语言", list(LANGS), format_func=LANGS.get, key="lang_picker", on_change=_pick, required=True
    )
