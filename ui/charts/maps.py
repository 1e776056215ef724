"""Heatmaps over pieces: attention maps, signed matrices, the heads grid, masks; and the map options
(`MapOptions`) of the sidebar, which arrive through `set_options` once per run so every map follows them.

Queries are the rows (y axis, top to bottom) and keys the columns (x axis). Axes are numeric with
the pieces as tick text, so a piece that occurs twice keeps two rows; labels are HTML-escaped, so
markup typed by a user is shown as text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.i18n import t

WEIGHTS = "Blues"  # sequential, starts at zero: for attention weights and probabilities
DIVERGING = "RdBu_r"  # centred on zero: for Q, K, V, scores, embeddings
SPECIAL = ("<s>", "</s>")


@dataclass(frozen=True)
class MapOptions:
    """What every attention map shows: special pieces or not, one 0-1 colour scale or each map's own
    range, piece indices beside the labels."""

    hide_special: bool = False
    fixed_scale: bool = True
    indices: bool = False


def figure(data=None, layout=None, validate: bool = True) -> go.Figure:
    """go.Figure with the whole layout at once. plotly checks every property of a figure and expands
    shorthands (`title_text=`, a string title) into what plotly.js reads. The maps below skip that check
    for their layout (`validate=False`, 3x faster to build, and pages draw a dozen per view), so their
    layouts are written in plotly.js's own form; their traces are still checked when constructed."""
    return go.Figure(data, layout=layout, _validate=validate)


def _title(text: str | None) -> dict:
    return dict(text=text)


_OPTIONS: ContextVar[MapOptions | None] = ContextVar("map_options", default=None)


def _opts() -> MapOptions:
    return _OPTIONS.get() or MapOptions()


def set_options(options: MapOptions) -> None:
    """The options for the maps this run draws (each session's script runs in its own thread and context)."""
    _OPTIONS.set(options)


def _own_piece(label: str) -> str:
    """The piece at a position: a decoder query is labelled "input → produced" (trace.query_labels), and
    its own piece is the input."""
    return label.split(" → ", 1)[0]


def _shown(pieces: Sequence[str]) -> list[int]:
    """Positions a map shows: all, or all but <s> and </s> (when that leaves any). A decoder query whose
    input is <s> goes with the <s> key, so a square map stays square and its diagonal stays the diagonal."""
    if not _opts().hide_special:
        return list(range(len(pieces)))
    return [i for i, p in enumerate(pieces) if _own_piece(p) not in SPECIAL] or list(range(len(pieces)))


def _names(pieces: Sequence[str], positions: Sequence[int]) -> list[str]:
    """Axis labels of the shown positions, with their index when the option asks for it."""
    numbered = _opts().indices
    return [f"{i}: {pieces[i]}" if numbered and not pieces[i].startswith(f"{i}:") else pieces[i] for i in positions]


def label(piece: str) -> str:
    """A piece as a plotly label: markup escaped, sentencepiece's word marker kept visible."""
    return html.escape(piece, quote=False)


GRID_LABELS = 14  # pieces the heads grid's small maps can label
TITLE_CHARS = 46  # a chart in a third of the page shows about this many characters of title on one line


def heading(title: str, chars: int = TITLE_CHARS) -> str:
    """A chart title as plotly text: markup escaped, and wrapped onto lines of at most `chars` characters
    (plotly never wraps a title; in a narrow column it was cut off)."""
    lines, line = [], ""
    for word in str(title).split(" "):
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(label(x) for x in lines)


def labels(pieces: Sequence[str]) -> list[str]:
    return [label(p) for p in pieces]


def _cats(pieces: Sequence[str], positions: Sequence[int]) -> list[str]:
    """Category values of a piece axis: "3: ▁cat", unique even when a piece occurs twice, and what the
    hover box names (`%{x}`, `%{y}`): no per-cell hover strings, which were a quarter of the app's time
    with 8 visitors (built in Python, then walked again to serialise them)."""
    return [f"{i}: {label(pieces[i])}" for i in positions]


def _axis_px(n: int) -> int:
    """Height for n labelled rows: 28 px a row for short sentences, at least 20 px a row for long ones."""
    return max(220, min(900, 28 * n + 120)) if n <= 30 else min(2400, 20 * n + 120)


def _dimension_step(n: int, max_ticks: int = 8) -> int:
    """A round tick step (1, 2, 4, 8, …) that labels at most `max_ticks` of n dimensions."""
    step = 1
    while n / step > max_ticks:
        step *= 2
    return step


def attention_map(
    weights: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str],
    title: str,
    row_title: str | None = None,
    col_title: str | None = None,
    value_name: str | None = None,
    zmax: float | None = 1.0,
    highlight_row: int | None = None,
) -> go.Figure:
    """Heatmap of a (Tq, Tk) matrix of weights in [0, 1]: rows are queries, columns keys."""
    row_title, col_title = row_title or t("query"), col_title or t("key")
    value_name = value_name or t("weight")
    ri, ci = _shown(rows), _shown(cols)
    z = np.asarray(weights, dtype=float)[np.ix_(ri, ci)]
    fixed = _opts().fixed_scale and zmax is not None
    row_cats, col_cats = _cats(rows, ri), _cats(cols, ci)
    layout = _token_axes(_names(rows, ri), _names(cols, ci), row_title, col_title, row_cats, col_cats)
    if highlight_row is not None and highlight_row in ri:
        y = ri.index(highlight_row)
        line = dict(color="orange", width=2)
        layout["shapes"] = [dict(type="rect", x0=-0.5, x1=len(ci) - 0.5, y0=y - 0.5, y1=y + 0.5, line=line)]
    heatmap = go.Heatmap(
        z=z,
        x=col_cats,
        y=row_cats,
        colorscale=WEIGHTS,
        zmin=0,
        zmax=zmax if fixed else max(1e-9, float(z.max(initial=0.0))),
        colorbar=dict(title=value_name),
        hovertemplate=f"{row_title} %{{y}}<br>{col_title} %{{x}}<br>{value_name} %{{z:.4f}}<extra></extra>",
    )
    return figure(heatmap, dict(**layout, title=_title(heading(title)), height=_axis_px(len(ri)) + 40), validate=False)


def matrix(
    values: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str] | None,
    title: str,
    row_title: str,
    col_title: str,
    value_name: str | None = None,
) -> go.Figure:
    """Diverging heatmap for signed numbers (Q, K, V, scores); -inf cells (masked) show blank and
    say so on hover."""
    value_name = value_name or t("value")
    dimensions = cols is None or all(str(c).isdigit() for c in cols)  # numbered dimensions, not pieces
    ri = _shown(rows)
    ci = list(range(np.shape(values)[1])) if dimensions else _shown(cols)
    z = np.asarray(values, dtype=float)[np.ix_(ri, ci)]
    finite = z[np.isfinite(z)]
    bound = float(np.abs(finite).max()) if finite.size else 1.0
    masked = np.isneginf(z).any()
    # per-cell hover strings are the slow part of a big figure: only where they say more than the axes
    text = (
        np.where(np.isneginf(z), t("−∞ (masked)"), np.char.mod("%.4f", np.nan_to_num(z, neginf=0))) if masked else None
    )
    value = "%{text}" if masked else "%{z:.4f}"
    hover = f"{row_title} %{{y}}<br>{col_title} %{{x}}<br>{value_name} {value}<extra></extra>"
    row_cats = _cats(rows, ri)
    col_cats = list(range(len(ci))) if dimensions else _cats(cols, ci)
    cols = [str(j) for j in ci] if dimensions else _names(cols, ci)
    rows = _names(rows, ri)
    layout = _token_axes(rows, cols, row_title, col_title, row_cats, None if dimensions else col_cats, max_ticks=40)
    if dimensions:  # 32 or 256 numbered columns: a few round ticks, upright
        step = _dimension_step(len(cols))
        layout["xaxis"].update(tickvals=list(range(0, len(cols), step)), ticktext=cols[::step], tickangle=0)
    heatmap = go.Heatmap(
        z=np.where(np.isfinite(z), z, np.nan),
        x=col_cats,
        y=row_cats,
        colorscale=DIVERGING,
        zmid=0,
        zmin=-bound,
        zmax=bound,
        text=text,
        colorbar=dict(title=value_name),
        hovertemplate=hover,
    )
    return figure(
        heatmap, dict(**layout, title=_title(heading(title)), height=_axis_px(len(rows)) + 40), validate=False
    )


def _token_axes(rows, cols, row_title, col_title, row_cats=None, col_cats=None, max_ticks: int = 200) -> dict:
    """Layout axes with the pieces as tick text: queries down the rows, keys along the columns; the
    `*_cats` are the axes' category values (`_cats`), else positions. Figures are built with their
    whole layout at once: plotly validates every update, and pages draw many."""
    step_x = max(1, len(cols) // max_ticks)
    x = dict(
        tickvals=(col_cats or list(range(len(cols))))[::step_x],
        ticktext=labels(cols)[::step_x],
        tickangle=-60,
        title=_title(col_title),
        side="bottom",
    )
    y = dict(
        tickvals=row_cats or list(range(len(rows))),
        ticktext=labels(rows),
        autorange="reversed",
        title=_title(row_title),
    )
    if col_cats:
        x["type"] = "category"
    if row_cats:
        y["type"] = "category"
    return dict(xaxis=x, yaxis=y)


def head_grid(maps: np.ndarray, rows: Sequence[str], cols: Sequence[str], title: str) -> go.Figure:
    """(L, h, Tq, Tk) maps as an L x h grid of small heatmaps; one shared colour scale from 0 to 1.

    The grid's axes are laid out here in one layout dict rather than by make_subplots and per-axis
    updates: plotly validates every update, and with 24 maps that made this the app's slowest chart.
    The outer maps carry the piece labels (queries down the first column, keys along the last row) when
    there are few enough to read; every cell's hover names its query and key pieces."""
    ri, ci = _shown(rows), _shown(cols)
    maps = np.asarray(maps)[..., ri, :][..., ci]
    row_names, col_names = labels(_names(rows, ri)), labels(_names(cols, ci))
    readable = max(len(ri), len(ci)) <= GRID_LABELS
    pairs = [[[r, c] for c in col_names] for r in row_names]  # hover: (query piece, key piece) per cell
    fixed = _opts().fixed_scale
    L, h = maps.shape[:2]
    gap_x, gap_y = 0.01, 0.06
    width, height = (1 - gap_x * (h - 1)) / h, (1 - gap_y * (L - 1)) / L
    layout: dict = {}
    traces, titles = [], []
    for i in range(L):
        for j in range(h):
            n = i * h + j + 1
            suffix = "" if n == 1 else str(n)
            x0, y1 = j * (width + gap_x), 1 - i * (height + gap_y)
            layout[f"xaxis{suffix}"] = dict(
                domain=[x0, x0 + width],
                anchor=f"y{suffix}",
                showticklabels=readable and i == L - 1,
                tickvals=list(range(len(ci))),
                ticktext=col_names,
                tickangle=-90,
                tickfont=dict(size=9),
                title=_title(t("keys") if i == L - 1 else None),
            )
            layout[f"yaxis{suffix}"] = dict(
                domain=[y1 - height, y1],
                anchor=f"x{suffix}",
                showticklabels=readable and j == 0,
                tickvals=list(range(len(ri))),
                ticktext=row_names,
                tickfont=dict(size=9),
                autorange="reversed",
                title=_title(t("layer {n}: queries", n=i + 1) if j == 0 else None),  # no arrow: it would turn
            )
            titles.append(
                dict(
                    text=f"L{i + 1} H{j + 1}",
                    x=x0 + width / 2,
                    y=y1,
                    xref="paper",
                    yref="paper",
                    showarrow=False,
                    xanchor="center",
                    yanchor="bottom",
                )
            )
            traces.append(
                go.Heatmap(
                    z=maps[i, j],
                    xaxis=f"x{suffix}",
                    yaxis=f"y{suffix}",
                    colorscale=WEIGHTS,
                    zmin=0,
                    zmax=1 if fixed else max(1e-9, float(maps[i, j].max())),
                    showscale=n == 1,
                    colorbar=dict(title=t("weight")),
                    customdata=pairs,
                    hovertemplate=t("layer {n}", n=i + 1)
                    + " "
                    + t("head {n}", n=j + 1)
                    + f"<br>{t('query')} %{{customdata[0]}}<br>{t('key')} %{{customdata[1]}}"
                    + f"<br>{t('weight')} %{{z:.4f}}<extra></extra>",
                )
            )
    return figure(
        data=traces,
        layout=dict(
            title=_title(heading(title, chars=110)),  # the grid spans the page
            height=170 * L + (140 if readable else 80),
            margin=dict(l=130 if readable else 60, r=20, t=80, b=100 if readable else 40),
            annotations=titles,
            **layout,
        ),
        validate=False,
    )


def mask_map(mask: np.ndarray, rows: Sequence[str], cols: Sequence[str], title: str, **axes) -> go.Figure:
    """A boolean mask as a two-colour map: may attend (dark) or may not (light); rows are queries."""
    ri, ci = _shown(rows), _shown(cols)
    z = np.asarray(mask, dtype=float)[np.ix_(ri, ci)]
    row_title, col_title = axes.get("row_title", t("query")), axes.get("col_title", t("key"))
    row_cats, col_cats = _cats(rows, ri), _cats(cols, ci)
    layout = _token_axes(_names(rows, ri), _names(cols, ci), row_title, col_title, row_cats, col_cats)
    return figure(
        go.Heatmap(
            z=z,
            x=col_cats,
            y=row_cats,
            colorscale=[[0, "#f3f3f3"], [1, "#1f77b4"]],
            zmin=0,
            zmax=1,
            showscale=False,
            hovertemplate=f"{t('query')} %{{y}}<br>{t('key')} %{{x}}<br>"
            + t("may attend: {z}", z="%{z}")
            + "<extra></extra>",
        ),
        layout=dict(**layout, title=_title(heading(title)), height=_axis_px(len(ri)) + 40),
        validate=False,
    )


def counts_map(values: np.ndarray, pieces: Sequence[str], title: str, zmax: float | None = None) -> go.Figure:
    """(n, n) whole numbers between pieces (e.g. steps a signal needs), written in each cell."""
    keep = _shown(pieces)
    values = np.asarray(values)[np.ix_(keep, keep)]
    z = values.astype(float)
    cats = _cats(pieces, keep)
    layout = _token_axes(_names(pieces, keep), _names(pieces, keep), t("to piece"), t("from piece"), cats, cats)
    return figure(
        go.Heatmap(
            z=z,
            x=cats,
            y=cats,
            colorscale="Oranges",
            zmin=0,
            zmax=zmax if zmax is not None else max(1.0, float(z.max())),
            text=np.asarray(values).astype(int).astype(str),
            texttemplate="%{text}" if z.shape[0] <= 30 else None,
            colorbar=dict(title=t("steps")),
            hovertemplate=t("to {a}<br>from {b}<br>{z} steps", a="%{y}", b="%{x}", z="%{z:.0f}") + "<extra></extra>",
        ),
        layout=dict(**layout, title=_title(heading(title)), height=_axis_px(len(keep)) + 40),
        validate=False,
    )
