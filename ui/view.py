"""What a page shows and how it is taken away: the selections a link carries (page, sentence, model,
language, attention kind, layer, head, query piece, decoding step), the map options every page
shares, each chart with its CSV and PNG, the clickable token strip, and maps side by side."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from transformer.trace import KINDS
from ui import charts
from ui.i18n import lang, t


def url_params() -> dict[str, str]:
    """Everything a link carries besides the page: sentence, model, language and the view's selections."""
    ss = st.session_state
    params = {"text": ss.sentence, "model": ss.model, "lang": lang()}
    params.update({name: ss.view[name] for name in VIEW if name in ss.get("view", {})})
    return params


def publish_url() -> None:
    """Keep the sentence, model, language and selections in the URL so a link reopens the same view."""
    for name, value in url_params().items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def stop() -> None:
    """st.stop(), with the link published first: Streamlit drops what a run sends after st.stop(), so the
    frame's publish_url after the page never reached the browser (opening a page that stops early, such as
    Train one yourself before its first run, left a bare URL: language and sentence lost on reload)."""
    publish_url()
    st.stop()


def share_link(url_path: str) -> None:
    """The link to exactly this view, in a code box (its copy button puts it on the clipboard)."""
    base = urlsplit(st.context.url or "")
    origin = f"{base.scheme}://{base.netloc}" if base.netloc else ""
    with st.expander(t("Link to this view"), icon=":material/link:"):
        # the first line stays empty: the copy button appears over the box's top right and hid the link's text
        st.code(f"\u2002\n{origin}/{url_path}?{urlencode(url_params())}", language=None, wrap_lines=True)
        st.caption(t("Copy it with the button at the box's top right: it reopens this page, sentence and selections."))


# ---- the view: selections a link carries, shared by every page ----------------------------

VIEW = ("kind", "layer", "head", "query", "step")  # URL names; values are the strings below
KIND_CODES = {kind: kind.name.lower() for kind in KINDS}  # encoder, decoder, cross


def init_view() -> None:
    """First run of a session: the selections from the URL (kept as strings; each widget checks them)."""
    if "view" not in st.session_state:
        st.session_state.view = {name: str(st.query_params[name]) for name in VIEW if name in st.query_params}


def _view_changed(name: str, key: str, encode) -> None:
    st.session_state.view[name] = encode(st.session_state[key])


def step_shown(default: int = 0) -> int:
    """The decoding step the view holds (0-based; the link and the screen count from 1)."""
    shown = st.session_state.view.get("step", "")
    return int(shown) - 1 if shown.isdigit() else default


def show_step(step: int) -> None:
    """Make `step` (0-based) the view's decoding step."""
    st.session_state.view["step"] = str(step + 1)


def query_picked(key: str) -> None:
    """A piece picked outside its select box (a click on the token strip): the view's query follows."""
    _view_changed("query", key, str)


def focus_head(head: tuple[int, int, int], page: str) -> None:
    """Open `page` (a file name under pages/) with one head, (kind, layer, head) 0-based, selected."""
    kind, layer, h = head
    st.session_state.view.update(kind=KIND_CODES[KINDS[kind]], layer=str(layer + 1), head=str(h + 1))
    publish_url()
    st.switch_page(st.session_state["_pages"][page])


def sync(name: str, key: str, options, encode=str) -> None:
    """Before a widget is drawn: its state `key` takes the view's `name` when that is one of `options`, and
    a value that is no longer an option is dropped (the widget then starts on its default). The view
    exists from the page's first call on (`state.start_page`)."""
    wanted = next((o for o in options if encode(o) == st.session_state.view.get(name)), None)
    if wanted is not None:
        st.session_state[key] = wanted
    elif key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def bound(widget, label: str, options: list, name: str, key: str, encode=str, **kwargs):
    """`widget` (st.selectbox, st.radio, st.select_slider...) whose value is the view's `name`, shared by every
    page and the URL: a link's value is chosen when it is one of `options`, and a choice here goes into the link."""
    sync(name, key, options, encode)
    value = widget(label, options, key=key, on_change=_view_changed, args=(name, key, encode), **kwargs)
    st.session_state.view[name] = encode(value)
    return value


def kind_widget(key: str, where=st, widget=None, **kwargs):
    """The attention kind (encoder self-, decoder self-, cross-attention), bound to the view's `kind`."""
    widget = widget or where.selectbox
    return bound(widget, t("Attention"), list(KINDS), "kind", key, KIND_CODES.get, format_func=t, **kwargs)


EXTRA = {"all": "all layers", "avg": "average of all heads"}  # options besides one layer or head


def layer_widget(n: int, key: str, where=st, label: str | None = None, extra: tuple = ()):
    """A layer (1-based in the URL and on screen), bound to the view's `layer`; `extra` options come first."""
    return bound(
        where.selectbox,
        label or t("Layer"),
        [*extra, *range(n)],
        "layer",
        key,
        lambda i: i if isinstance(i, str) else str(i + 1),
        format_func=lambda i: t(EXTRA[i]) if isinstance(i, str) else t("layer {n}", n=i + 1),
    )


def head_widget(n: int, key: str, where=st, extra: tuple = ()):
    """A head (1-based in the URL and on screen), bound to the view's `head`; `extra` options come first."""
    return bound(
        where.selectbox,
        t("Head"),
        [*extra, *range(n)],
        "head",
        key,
        lambda j: j if isinstance(j, str) else str(j + 1),
        format_func=lambda j: t(EXTRA[j]) if isinstance(j, str) else t("head {n}", n=j + 1),
    )


def _keep(key: str) -> None:
    st.session_state[key] = st.session_state[f"{key}_widget"]


def kept_toggle(label: str, key: str, default: bool, where=st, **kwargs) -> bool:
    """A toggle whose value lives in st.session_state[key], a plain key that Streamlit never clears: a widget's
    own state was dropped when a page was opened by st.switch_page (a head opened from What the heads do
    found 'Guess first' back on). The widget (key + '_widget') is set from it before each drawing."""
    st.session_state.setdefault(key, default)
    st.session_state[f"{key}_widget"] = st.session_state[key]
    where.toggle(label, key=f"{key}_widget", on_change=_keep, args=(key,), **kwargs)
    return st.session_state[key]


# ---- map options every page shares --------------------------------------------------------


def map_options() -> None:
    """Sidebar switches for every attention map: hide <s> and </s>, one fixed 0-1 colour scale or each
    map's own range, piece indices beside the labels; handed to ui.charts for this run (`set_options`)."""
    with st.expander(t("Map options"), icon=":material/tune:"):
        kept_toggle(
            t("Hide <s> and </s>"),
            "opt_hide_special",
            False,
            help=t(
                "Rows and columns of special pieces are left out; the other weights keep their values, "
                "so a row may then sum to less than 1."
            ),
        )
        kept_toggle(
            t("Fixed colour scale 0–1"),
            "opt_fixed_scale",
            True,
            help=t("Off: each map's colours span its own smallest to largest number."),
        )
        kept_toggle(t("Piece indices beside labels"), "opt_indices", False, help=t("“3: ▁cat” instead of “▁cat”."))
    charts.set_options(
        charts.MapOptions(
            hide_special=st.session_state.get("opt_hide_special", False),
            fixed_scale=st.session_state.get("opt_fixed_scale", True),
            indices=st.session_state.get("opt_indices", False),
        )
    )


def show(fig, where=st, key: str | None = None, name: str | None = None, **kwargs) -> None:
    """A chart, its PNG button at 3x (plotly's toolbar) and its numbers as CSV, computed only when clicked."""
    where.plotly_chart(fig, key=key, config=charts.PNG, **kwargs)
    n = st.session_state["_charts_shown"] = st.session_state.get("_charts_shown", 0) + 1
    title = name or (fig.layout.title.text if fig.layout.title and fig.layout.title.text else "chart")
    where.download_button(
        t("CSV"),
        data=lambda: charts.to_csv(fig),
        file_name=_file_name(title) + ".csv",
        mime="text/csv",
        key=f"csv_{key or n}",
        on_click="ignore",
        type="tertiary",
        icon=":material/download:",
        help=t("The numbers of this chart as CSV (the camera in its toolbar saves a PNG)."),
    )


def _file_name(title: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in title.lower())
    return "-".join(filter(None, keep.split("-")))[:60] or "chart"


# ---- pieces picked, maps placed ---------------------------------------------------------


def _take_click(chart_key: str, key: str) -> None:
    points = (st.session_state.get(chart_key) or {}).get("selection", {}).get("points", [])
    if points:
        st.session_state[key] = int(points[0]["point_index"])


def _clicked(chart_key: str, key: str) -> None:
    _take_click(chart_key, key)
    if key in st.session_state:
        query_picked(key)


def pick_token(pieces, key: str, label: str | None = None) -> int:
    """A select box plus a clickable token strip, both bound to st.session_state[key] and the view's `query`."""
    label = label or t("Query token")
    n = len(pieces)
    sync("query", key, range(n))  # the strip is drawn before the box, on the same selection
    st.plotly_chart(
        charts.token_strip(pieces, st.session_state.get(key, 0), t("{label}: click a piece", label=label)),
        key=f"{key}_strip",
        on_select=lambda: _clicked(f"{key}_strip", key),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    return bound(st.selectbox, label, list(range(n)), "query", key, format_func=lambda i: f"{i}: {pieces[i]}")


MAX_LABELS_SIDE_BY_SIDE = 16  # piece labels a map can carry in half of the page
MAX_LABELS_IN_A_THIRD = 7  # ... and in a third


def map_columns(n: int, n_labels: int) -> list:
    """n columns for maps side by side when their piece labels fit (a third of the page carries fewer than a
    half: their rotated labels overlapped), else n full-width slots, stacked."""
    fits = n_labels <= (MAX_LABELS_SIDE_BY_SIDE if n <= 2 else MAX_LABELS_IN_A_THIRD)
    return list(st.columns(n)) if fits else [st.container() for _ in range(n)]
