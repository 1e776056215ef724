"""Chart builders: arrays and token labels in, plotly Figure out (no widgets here). Texts come
from the catalog (ui.i18n); the map options of the sidebar (`MapOptions`) arrive through
`set_options`, once per run, so every map on every page follows them.

Attention maps always put queries on the rows (y axis, top to bottom) and keys on the columns
(x axis). Axes are numeric with the tokens as tick text, so a piece that occurs twice keeps two
rows; labels are HTML-escaped, so markup typed by a user is shown as text.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np
import pandas  # noqa: F401  (see below)
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.i18n import t

# plotly's validators look pandas up in sys.modules without importing it. Without the import above,
# a session whose thread is still importing pandas (streamlit does so lazily) lets another session's
# chart see a half-initialised module: "partially initialized module 'pandas' has no attribute
# 'Series'". Importing it here, once, before any chart is built, removes that race.

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


_OPTIONS: ContextVar[MapOptions | None] = ContextVar("map_options", default=None)


def _opts() -> MapOptions:
    return _OPTIONS.get() or MapOptions()


def set_options(options: MapOptions) -> None:
    """The options for the maps this run draws (each session's script runs in its own thread and context)."""
    _OPTIONS.set(options)


def _shown(pieces: Sequence[str]) -> list[int]:
    """Positions a map shows: all, or all but <s> and </s> (when that leaves any)."""
    if not _opts().hide_special:
        return list(range(len(pieces)))
    return [i for i, p in enumerate(pieces) if p not in SPECIAL] or list(range(len(pieces)))


def _names(pieces: Sequence[str], positions: Sequence[int]) -> list[str]:
    """Axis labels of the shown positions, with their index when the option asks for it."""
    numbered = _opts().indices
    return [f"{i}: {pieces[i]}" if numbered and not pieces[i].startswith(f"{i}:") else pieces[i] for i in positions]


def label(piece: str) -> str:
    """A piece as a plotly label: markup escaped, sentencepiece's word marker kept visible."""
    return html.escape(piece, quote=False)


def labels(pieces: Sequence[str], numbered: bool = False) -> list[str]:
    return [f"{i}:{label(p)}" if numbered else label(p) for i, p in enumerate(pieces)]


def _hover(rows: Sequence[str], cols: Sequence[str], ri=None, ci=None) -> np.ndarray:
    """(Tq, Tk, 2) hover labels: the query and the key of every cell (positions `ri`, `ci`, default all)."""
    ri = range(len(rows)) if ri is None else ri
    ci = range(len(cols)) if ci is None else ci
    return np.array([[[f"{i}: {label(rows[i])}", f"{j}: {label(cols[j])}"] for j in ci] for i in ri])


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
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(len(ci))),
            y=list(range(len(ri))),
            colorscale=WEIGHTS,
            zmin=0,
            zmax=zmax if fixed else max(1e-9, float(z.max(initial=0.0))),
            customdata=_hover(rows, cols, ri, ci),
            colorbar=dict(title=value_name),
            hovertemplate=f"{row_title} %{{customdata[0]}}<br>{col_title} %{{customdata[1]}}"
            f"<br>{value_name} %{{z:.4f}}<extra></extra>",
        )
    )
    _token_axes(fig, _names(rows, ri), _names(cols, ci), row_title, col_title)
    if highlight_row is not None and highlight_row in ri:
        y = ri.index(highlight_row)
        fig.add_shape(
            type="rect", x0=-0.5, x1=len(ci) - 0.5, y0=y - 0.5, y1=y + 0.5, line=dict(color="orange", width=2)
        )
    fig.update_layout(title=label(title), height=_axis_px(len(ri)) + 40)
    return fig


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
    if dimensions:  # rows are pieces, columns numbered dimensions: the row label is enough
        customdata = np.array([[label(rows[i])] for i in ri], dtype=object)[:, [0] * z.shape[1]]
        hover = f"{row_title} %{{y}}: %{{customdata}}<br>{col_title} %{{x}}<br>{value_name} {value}<extra></extra>"
    else:
        customdata = _hover(rows, cols, ri, ci)
        hover = (
            f"{row_title} %{{customdata[0]}}<br>{col_title} %{{customdata[1]}}<br>{value_name} {value}<extra></extra>"
        )
    cols = [str(j) for j in ci] if dimensions else _names(cols, ci)
    rows = _names(rows, ri)
    fig = go.Figure(
        go.Heatmap(
            z=np.where(np.isfinite(z), z, np.nan),
            x=list(range(z.shape[1])),
            y=list(range(z.shape[0])),
            colorscale=DIVERGING,
            zmid=0,
            zmin=-bound,
            zmax=bound,
            text=text,
            customdata=customdata,
            colorbar=dict(title=value_name),
            hovertemplate=hover,
        )
    )
    _token_axes(fig, rows, cols, row_title, col_title, max_ticks=40)
    layout = dict(title=label(title), height=_axis_px(len(rows)) + 40)
    if dimensions:  # 32 or 256 numbered columns: a few round ticks, upright
        step = _dimension_step(len(cols))
        layout["xaxis"] = dict(tickvals=list(range(0, len(cols), step)), ticktext=cols[::step], tickangle=0)
    fig.update_layout(**layout)
    return fig


def _token_axes(fig, rows, cols, row_title, col_title, max_ticks: int = 200, row=None, col=None) -> None:
    step_x = max(1, len(cols) // max_ticks)
    x = dict(
        tickvals=list(range(0, len(cols), step_x)),
        ticktext=labels(cols)[::step_x],
        tickangle=-60,
        title_text=col_title,
        side="bottom",
    )
    y = dict(tickvals=list(range(len(rows))), ticktext=labels(rows), autorange="reversed", title_text=row_title)
    if row is None and col is None:  # one plot: one layout update (plotly validates every update; pages draw many)
        fig.update_layout(xaxis=x, yaxis=y)
    else:
        fig.update_xaxes(**x, row=row, col=col)
        fig.update_yaxes(**y, row=row, col=col)


def head_grid(maps: np.ndarray, rows: Sequence[str], cols: Sequence[str], title: str) -> go.Figure:
    """(L, h, Tq, Tk) maps as an L x h grid of small heatmaps; one shared colour scale from 0 to 1.

    The grid's axes are laid out here in one layout dict rather than by make_subplots and per-axis
    updates: plotly validates every update, and with 24 maps that made this the app's slowest chart.
    Hover names positions by index (the focused map below the grid names the pieces)."""
    ri, ci = _shown(rows), _shown(cols)
    maps = np.asarray(maps)[..., ri, :][..., ci]
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
                showticklabels=False,
                title_text=t("keys") if i == L - 1 else None,
            )
            layout[f"yaxis{suffix}"] = dict(
                domain=[y1 - height, y1],
                anchor=f"x{suffix}",
                showticklabels=False,
                autorange="reversed",
                title_text=t("layer {n}: queries", n=i + 1) if j == 0 else None,  # an arrow would turn with the text
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
                    hovertemplate=t("layer {n}", n=i + 1)
                    + " "
                    + t("head {n}", n=j + 1)
                    + f"<br>{t('query')} %{{y}}<br>{t('key')} %{{x}}<br>{t('weight')} %{{z:.4f}}<extra></extra>",
                )
            )
    return go.Figure(
        data=traces,
        layout=dict(
            title=label(title),
            height=170 * L + 80,
            margin=dict(l=60, r=20, t=80, b=40),
            annotations=titles,
            **layout,
        ),
    )


def token_strip(pieces: Sequence[str], selected: int | None, title: str) -> go.Figure:
    """Tokens in a row; clicking one selects it (the app reads the plotly selection event)."""
    n = len(pieces)
    colors = ["orange" if i == selected else "#1f77b4" for i in range(n)]
    fig = go.Figure(
        go.Scatter(
            x=list(range(n)),
            y=[0] * n,
            mode="markers+text",
            text=labels(pieces),
            textposition="top center",
            marker=dict(size=18, color=colors, symbol="square"),
            customdata=list(range(n)),
            hovertemplate="%{customdata}: %{text}<br>" + t("click to make it the query") + "<extra></extra>",
        )
    )
    fig.update_xaxes(visible=False, range=[-0.7, n - 0.3])
    fig.update_yaxes(visible=False, range=[-0.5, 1.2])
    fig.update_layout(
        title=label(title), height=130, margin=dict(l=10, r=10, t=35, b=5), clickmode="event+select", dragmode=False
    )
    return fig


def bars(
    names: Sequence[str],
    values: Sequence[float],
    title: str,
    x_title: str,
    highlight: int | None = 0,
    value_name: str | None = None,
) -> go.Figure:
    """Horizontal bars, largest first; `highlight` marks one bar (e.g. the chosen token)."""
    value_name = value_name or t("probability")
    colors = ["orange" if i == highlight else "#1f77b4" for i in range(len(names))]
    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=list(range(len(names))),
            orientation="h",
            marker_color=colors,
            customdata=labels(names),
            text=[f"{v:.3f}" for v in values],
            textposition="outside",
            hovertemplate=f"%{{customdata}}<br>{value_name} %{{x:.4f}}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis=dict(tickvals=list(range(len(names))), ticktext=labels(names), autorange="reversed"),
        xaxis=dict(title_text=x_title, range=[0, max(1e-9, max(values)) * 1.25]),
        title=label(title),
        height=60 + 28 * len(names),
        margin=dict(l=10, r=10, t=40, b=40),
    )
    return fig


def lines(series: dict[str, tuple[Sequence[float], Sequence[float]]], title: str, x_title: str, y_title: str):
    """One line per named (x, y) series."""
    fig = go.Figure([go.Scatter(x=list(x), y=list(y), mode="lines+markers", name=n) for n, (x, y) in series.items()])
    fig.update_layout(title=label(title), xaxis_title=x_title, yaxis_title=y_title, height=340)
    return fig


def vector(values: np.ndarray, title: str, name: str | None = None) -> go.Figure:
    """One vector as bars over its dimensions."""
    name = name or t("value")
    fig = go.Figure(
        go.Bar(
            x=list(range(len(values))),
            y=list(values),
            marker_color="#1f77b4",
            hovertemplate=f"{t('dimension')} %{{x}}<br>{name} %{{y:.4f}}<extra></extra>",
        )
    )
    fig.update_layout(
        title=label(title),
        xaxis_title=t("dimension"),
        yaxis_title=name,
        height=260,
        margin=dict(l=10, r=10, t=40, b=40),
    )
    return fig


def head_summary(summary, title: str) -> go.Figure:
    """Grouped bars per head: the share of weight on same / previous / last position."""
    h = len(summary.entropy)
    heads = [f"H{j + 1}" for j in range(h)]
    fig = go.Figure(
        [
            go.Bar(
                name=name, x=heads, y=getattr(summary, key), hovertemplate=f"%{{x}}<br>{name} %{{y:.3f}}<extra></extra>"
            )
            for key, name in (
                ("same", t("same position")),
                ("previous", t("previous position")),
                ("last", t("last key")),
            )
        ]
    )
    fig.update_layout(title=label(title), barmode="group", yaxis_title=t("mean weight"), yaxis_range=[0, 1], height=300)
    return fig


def training_curves(runs: dict[str, dict[str, Sequence[float]]], title: str) -> go.Figure:
    """Loss (left) and held-out exact match (right) against training seconds, one colour per run.

    `runs` maps a run's label to {"seconds": [...], "loss": [...], "accuracy": [...]}."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=(t("training loss"), t("held-out exact match")))
    palette = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
    for i, (name, r) in enumerate(runs.items()):
        color = palette[i % len(palette)]
        for col, key in ((1, "loss"), (2, "accuracy")):
            fig.add_trace(
                go.Scatter(
                    x=list(r["seconds"]),
                    y=list(r[key]),
                    mode="lines+markers",
                    name=label(name),
                    legendgroup=name,
                    showlegend=col == 1,
                    line=dict(color=color),
                ),
                row=1,
                col=col,
            )
    fig.update_xaxes(title_text=t("seconds of training"))
    fig.update_yaxes(title_text=t("cross-entropy per piece"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=t("share exactly right"), range=[0, 1.02], row=1, col=2)
    fig.update_layout(title=label(title), height=380, legend=dict(orientation="h", y=-0.25))
    return fig


def head_drops(drop: np.ndarray, kinds: Sequence[str], title: str) -> go.Figure:
    """(3, L, h) drops in log-probability as one heatmap per attention kind: layers are rows, heads columns."""
    K, L, h = drop.shape
    bound = float(np.abs(drop).max()) or 1.0
    kinds = [t(k) for k in kinds]
    fig = make_subplots(rows=1, cols=K, subplot_titles=kinds, horizontal_spacing=0.06)
    for k in range(K):
        fig.add_trace(
            go.Heatmap(
                z=drop[k],
                x=[f"H{j + 1}" for j in range(h)],
                y=[f"L{i + 1}" for i in range(L)],
                colorscale=DIVERGING,
                zmid=0,
                zmin=-bound,
                zmax=bound,
                showscale=k == K - 1,
                colorbar=dict(title=t("nats")),
                text=np.char.mod("%.2f", drop[k]),
                texttemplate="%{text}",
                hovertemplate=f"{kinds[k]}<br>%{{y}} %{{x}}<br>" + t("drop {z} nats", z="%{z:.3f}") + "<extra></extra>",
            ),
            row=1,
            col=k + 1,
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=label(title), height=120 + 45 * L, margin=dict(l=40, r=20, t=80, b=30))
    return fig


def compare_bars(names: Sequence[str], series: dict[str, Sequence[float]], title: str, value_name: str) -> go.Figure:
    """Grouped bars: one group per name (e.g. a piece), one bar per series (e.g. before / after)."""
    x = [f"{i}: {label(n)}" for i, n in enumerate(names)]
    fig = go.Figure([go.Bar(x=x, y=list(v), name=k) for k, v in series.items()])
    fig.update_layout(
        title=label(title), barmode="group", yaxis_title=value_name, height=360, margin=dict(l=10, r=10, t=50, b=60)
    )
    return fig


def logit_lens(
    top: Sequence[Sequence[str]], top_prob: np.ndarray, chosen_prob: np.ndarray, chosen: Sequence[str], title: str
) -> go.Figure:
    """Layers (rows) x steps (columns): the piece each layer would pick as text (its probability on
    hover), the probability it gives the piece finally chosen as colour."""
    N, T = chosen_prob.shape
    text = [[label(p) for p in row] for row in top]
    fig = go.Figure(
        go.Heatmap(
            z=chosen_prob,
            x=list(range(T)),
            y=[t("after layer {n}", n=i + 1) for i in range(N)],
            colorscale=WEIGHTS,
            zmin=0,
            zmax=1,
            text=text,
            texttemplate="%{text}",
            customdata=np.asarray(top_prob, dtype=float),
            colorbar=dict(title="p(chosen)"),
            hovertemplate=t(
                "step {x}<br>{y}: would pick {text} (p {p})", x="%{x}", y="%{y}", text="%{text}", p="%{customdata:.3f}"
            )
            + "<br>"
            + t("p(chosen piece) {z}", z="%{z:.3f}")
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(
        tickvals=list(range(T)),
        ticktext=[f"{t}: {label(p)}" for t, p in enumerate(chosen)],
        title=t("step: chosen piece"),
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=label(title), height=140 + 60 * N, margin=dict(l=10, r=10, t=50, b=60))
    return fig


def vectors(rows: dict[str, np.ndarray], title: str, value_name: str | None = None) -> go.Figure:
    """Several (D,) vectors as rows of one diverging heatmap over their dimensions, so they line up."""
    value_name = value_name or t("value")
    names = list(rows)
    z = np.stack([np.asarray(rows[n], dtype=float) for n in names])
    bound = float(np.abs(z).max()) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(z.shape[1])),
            y=[label(n) for n in names],
            colorscale=DIVERGING,
            zmid=0,
            zmin=-bound,
            zmax=bound,
            colorbar=dict(title=value_name),
            hovertemplate=f"%{{y}}<br>{t('dimension')} %{{x}}<br>{value_name} %{{z:.4f}}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("dimension"), nticks=9)
    fig.update_layout(title=label(title), height=120 + 45 * len(names), margin=dict(l=10, r=10, t=50, b=40))
    return fig


def mask_map(mask: np.ndarray, rows: Sequence[str], cols: Sequence[str], title: str, **axes) -> go.Figure:
    """A boolean mask as a two-colour map: may attend (dark) or may not (light); rows are queries."""
    z = np.asarray(mask, dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(z.shape[1])),
            y=list(range(z.shape[0])),
            colorscale=[[0, "#f3f3f3"], [1, "#1f77b4"]],
            zmin=0,
            zmax=1,
            showscale=False,
            customdata=_hover(rows, cols),
            hovertemplate=f"{t('query')} %{{customdata[0]}}<br>{t('key')} %{{customdata[1]}}<br>"
            + t("may attend: {z}", z="%{z}")
            + "<extra></extra>",
        )
    )
    _token_axes(fig, rows, cols, axes.get("row_title", t("query")), axes.get("col_title", t("key")))
    fig.update_layout(title=label(title), height=_axis_px(len(rows)) + 40)
    return fig


def counts_map(values: np.ndarray, pieces: Sequence[str], title: str, zmax: float | None = None) -> go.Figure:
    """(n, n) whole numbers between pieces (e.g. steps a signal needs), written in each cell."""
    z = np.asarray(values, dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(z.shape[1])),
            y=list(range(z.shape[0])),
            colorscale="Oranges",
            zmin=0,
            zmax=zmax if zmax is not None else max(1.0, float(z.max())),
            text=np.asarray(values).astype(int).astype(str),
            texttemplate="%{text}" if z.shape[0] <= 30 else None,
            customdata=_hover(pieces, pieces),
            colorbar=dict(title=t("steps")),
            hovertemplate=t("to {a}<br>from {b}<br>{z} steps", a="%{customdata[0]}", b="%{customdata[1]}", z="%{z:.0f}")
            + "<extra></extra>",
        )
    )
    _token_axes(fig, pieces, pieces, t("to piece"), t("from piece"))
    fig.update_layout(title=label(title), height=_axis_px(len(pieces)) + 40)
    return fig


def architecture_dot(S: int, T: int, cfg) -> str:
    """Graphviz source of the encoder-decoder, each block labelled with its tensor's shape for a
    sentence of S source and T target pieces (post-norm, as in the paper and this model)."""
    D, h, N, d_ff, V = cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.d_ff, cfg.vocab_size
    sub = t("Add & Norm (pre-norm)") if cfg.norm_first else t("Add & Norm")

    def node(name: str, text: str, color: str = "#e8f0fb") -> str:
        return f'{name} [label="{text}", fillcolor="{color}"];'

    enc = "#e8f0fb"
    dec = "#fdeee2"
    lines = [
        "digraph G {",
        'rankdir=BT; nodesep=0.2; ranksep=0.15; size="6.5,7";',
        'node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=9, margin="0.14,0.03", height=0.3];',
        'edge [arrowsize=0.6, color="#666666"];',
        node("src", t("English pieces ({n})", n=S), "#ffffff"),
        node("semb", t("embedding × √{D} + positional encoding", D=D) + f"\\n{S} × {D}", enc),
        "subgraph cluster_enc { label="
        + f'"{t("encoder layer × {n}", n=N)}"'
        + '; style="rounded,dashed"; color="#7aa6da";',
        node("sattn", t("self-attention, {h} heads", h=h) + "\\n" + t("weights") + f" {h} × {S} × {S}", enc),
        node("san1", f"{sub}\\n{S} × {D}", enc),
        node("sffn", t("feed-forward") + f" {D} → {d_ff} → {D}\\n{S} × {d_ff} " + t("hidden"), enc),
        node("san2", f"{sub}\\n{S} × {D}", enc),
        "}",
        node("memory", t("memory (encoder output)") + f"\\n{S} × {D}", enc),
        node("tgt", t("German so far: <s> + pieces ({n})", n=T), "#ffffff"),
        node("temb", t("embedding × √{D} + positional encoding", D=D) + f"\\n{T} × {D}", dec),
        "subgraph cluster_dec { label="
        + f'"{t("decoder layer × {n}", n=N)}"'
        + '; style="rounded,dashed"; color="#e0a070";',
        node("dattn", t("masked self-attention, {h} heads", h=h) + "\\n" + t("weights") + f" {h} × {T} × {T}", dec),
        node("dan1", f"{sub}\\n{T} × {D}", dec),
        node("cattn", t("cross-attention over the memory") + "\\n" + t("weights") + f" {h} × {T} × {S}", dec),
        node("dan2", f"{sub}\\n{T} × {D}", dec),
        node("dffn", t("feed-forward") + f" {D} → {d_ff} → {D}\\n{T} × {d_ff} " + t("hidden"), dec),
        node("dan3", f"{sub}\\n{T} × {D}", dec),
        "}",
        node("linear", t("linear (tied to the embedding)") + f"\\n{T} × {V:,}", "#f1f1f1"),
        node("softmax", t("softmax → next-piece probabilities") + f"\\n{T} × {V:,}", "#f1f1f1"),
        "src -> semb -> sattn -> san1 -> sffn -> san2 -> memory;",
        "tgt -> temb -> dattn -> dan1 -> cattn -> dan2 -> dffn -> dan3 -> linear -> softmax;",
        "memory -> cattn;",
        "}",
    ]
    return "\n".join(lines)


def embedding_scatter(
    coords: np.ndarray, pieces: Sequence[str], marked: dict[str, Sequence[int]], title: str, skip: int = 4
) -> go.Figure:
    """Every piece as a faint point at its 2-D projection; the `marked` groups (name -> ids) labelled on top."""
    fig = go.Figure(
        go.Scattergl(
            x=coords[skip:, 0],
            y=coords[skip:, 1],
            mode="markers",
            marker=dict(size=3, color="#c8c8c8"),
            text=[label(p) for p in pieces[skip:]],
            hovertemplate="%{text}<extra></extra>",
            name=t("every piece"),
        )
    )
    for (name, ids), color in zip(marked.items(), ("#1f77b4", "#ff7f0e", "#2ca02c")):
        ids = list(ids)
        fig.add_trace(
            go.Scatter(
                x=coords[ids, 0],
                y=coords[ids, 1],
                mode="markers+text",
                marker=dict(size=9, color=color),
                text=[label(pieces[i]) for i in ids],
                textposition="top center",
                hovertemplate="%{text}<extra>" + label(name) + "</extra>",
                name=name,
            )
        )
    fig.update_layout(
        title=label(title),
        height=560,
        xaxis_title=t("first principal component"),
        yaxis_title=t("second principal component"),
    )
    return fig


# ---- taking a chart away -------------------------------------------------------------------

PNG = {"toImageButtonOptions": {"format": "png", "scale": 3}}  # the toolbar's camera: 3x, readable in print


def _ticks(axis) -> list | None:
    return list(axis.ticktext) if axis is not None and axis.ticktext is not None else None


def to_csv(fig: go.Figure) -> str:
    """The numbers a chart draws, as CSV: a heatmap as a table (rows and columns named by its axis
    labels), bars and lines as (series, label, value) rows. One block per trace when there are several."""
    out = io.StringIO()
    w = csv.writer(out)
    layout = fig.layout
    for n, tr in enumerate(fig.data):
        if len(fig.data) > 1:
            w.writerow([f"# {tr.name or n + 1}"])
        suffix = "" if n == 0 or tr.type != "heatmap" else str(n + 1)
        if tr.type == "heatmap":
            z = np.asarray(tr.z, dtype=float)
            xs = _ticks(getattr(layout, f"xaxis{suffix}", None)) if tr.x is None or _is_index(tr.x) else None
            ys = _ticks(getattr(layout, f"yaxis{suffix}", None)) if tr.y is None or _is_index(tr.y) else None
            xs = (
                xs
                if xs is not None and len(xs) == z.shape[1]
                else list(tr.x if tr.x is not None else range(z.shape[1]))
            )
            ys = (
                ys
                if ys is not None and len(ys) == z.shape[0]
                else list(tr.y if tr.y is not None else range(z.shape[0]))
            )
            w.writerow(["", *[html.unescape(str(x)) for x in xs]])
            for y, row in zip(ys, z):
                w.writerow([html.unescape(str(y)), *[_num(v) for v in row]])
        else:
            horizontal = getattr(tr, "orientation", None) == "h"
            names, values = (tr.y, tr.x) if horizontal else (tr.x, tr.y)
            ticks = _ticks(layout.yaxis if horizontal else layout.xaxis)
            if ticks is not None and names is not None and len(ticks) == len(names) and _is_index(names):
                names = ticks
            for name, value in zip(names if names is not None else [], values if values is not None else []):
                w.writerow([tr.name or "", html.unescape(str(name)), _num(value)])
    return out.getvalue()


def _is_index(values) -> bool:
    return all(isinstance(v, (int, np.integer)) for v in values)


def _num(v) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{float(v):.6g}"
