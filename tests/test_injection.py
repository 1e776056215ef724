"""Whatever a visitor or a link supplies is shown as text, never as markup: links, images, HTML and LaTeX
through every URL parameter and the sentence box, on every page, in both languages.

The oracle is a CommonMark renderer (markdown-it-py), not the app's own escaping: every string the app
hands to Streamlit as Markdown (bodies, captions, alerts, titles, widget labels and options) is rendered
with it and must produce no link, no image and no HTML element it did not write itself; dollar signs
(Streamlit's LaTeX) must be escaped; plotly figures (which render a subset of HTML) must carry no <a> or
<img>."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from tests.test_pages import NAMES, open_app

EVIL = "evil.example"
PAYLOAD = (
    f"[Click here to log in](https://{EVIL}/login) ![pic](https://{EVIL}/x.png) "
    f'<img src="https://{EVIL}/y.png"> <a href="https://{EVIL}">home</a> $\\Huge{{BIG}}$ **bold** '
    f"<https://{EVIL}/auto> :red[red]"
)
RENDER = MarkdownIt("commonmark")  # html on, as Streamlit's unsafe_allow_html is not: raw HTML would pass through
# elements whose text Streamlit shows verbatim, not as Markdown
VERBATIM = {"code", "text", "json", "dataframe", "table", "plotly_chart", "exception"}
MAX_RUNS = 20


def markdown_strings(at: AppTest) -> list[tuple[str, str]]:
    """(element type, string) for everything on the page that Streamlit renders as Markdown."""
    out = []

    def visit(node):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is not None and kind not in VERBATIM:
            for field in ("body", "label", "help", "placeholder"):
                value = getattr(proto, field, None)
                if isinstance(value, str) and value:
                    out.append((f"{kind}.{field}", value))
            options = getattr(proto, "options", None)
            if options is not None and kind in ("radio", "checkbox_group", "segmented_control", "pills"):
                out.extend((f"{kind}.option", str(o)) for o in options)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    return out


def markup_in(text: str) -> list[str]:
    """What a Markdown string would render that a visitor supplied: links, images, HTML, math."""
    found = []
    rendered = RENDER.render(text)
    if re.search(r"<a\s|<img\s", rendered):
        found.append("link or image")
    if re.search(rf"(href|src)=\"[^\"]*{re.escape(EVIL)}", rendered):
        found.append("href or src")
    if re.search(rf"<(img|a|script)\b[^>]*{re.escape(EVIL)}", rendered):
        found.append("raw HTML")
    bare = re.sub(r"`[^`]*`", "", text)  # inside code spans they are shown as they are
    if re.search(r"(?<!\\)\$\\Huge", bare):  # the app's own formulas are LaTeX; the payload's must not be
        found.append("unescaped $ (LaTeX)")
    if re.search(r"(?<!\\):red\[", bare):
        found.append("colour directive")
    return found


def assert_no_markup(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = [(kind, s[:200], m) for kind, s in markdown_strings(at) if (m := markup_in(s))]
    assert not bad, bad
    for chart in at.get("plotly_chart"):
        assert not re.search(r"<a\s|<img\s", chart.proto.spec), "plotly renders <a> and <img> in its text"


def test_the_oracle_sees_each_kind_of_markup():
    """The check itself: each raw payload part is caught, and its escaped form is not."""
    for part in (f"[x](https://{EVIL})", f"![x](https://{EVIL}/p.png)", f'<img src="https://{EVIL}/p.png">'):
        assert markup_in(part), part
    assert markup_in("$\\Huge{x}$") and markup_in(":red[x]")
    assert not markup_in(r"\[x\]\(https\://evil\.example\) \$\\Huge\{x\}\$ \:red\[x\]")
    assert not markup_in("`$\\Huge{x}$`")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", NAMES)
def test_a_crafted_link_shows_its_text_as_text_on_every_page(page, lang):
    at = open_app(page, text=PAYLOAD, model=PAYLOAD, lang=lang, layer=PAYLOAD, head=PAYLOAD, step=PAYLOAD)
    assert_no_markup(at)
    if lang == "zh":  # AppTest cannot rerun a page whose selectboxes format their options in Chinese
        return
    for radio in [r for r in at.radio if r.key and r.key.startswith("quiz_")]:
        # a guess on a check-yourself question shows the answer and its explanation (same escaping in Chinese)
        for option in (0, -1):
            at.radio(key=radio.key).set_value(at.radio(key=radio.key).options[option]).run()
            assert_no_markup(at)


def test_the_sentence_box_shows_its_text_as_text():
    at = open_app("tokens")
    at.sidebar.text_input(key="sidebar_source").input(PAYLOAD).run()
    assert_no_markup(at)
    for option in (0, -1):
        at.radio(key="quiz_tokens").set_value(at.radio(key="quiz_tokens").options[option]).run()
        assert_no_markup(at)
