"""Bars, lines and vectors: next-piece probabilities, curves, vectors over their dimensions, head
summaries, the toy model's training curves, head drops, the logit lens and the embedding map."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.i18n import t

from .maps import DIVERGING, WEIGHTS, figure, heading, label, labels


def token_strip(pieces: Sequence[str], selected: int | None, title: str) -> go.Figure:
    """Tokens in a row; clicking one selects it (the app reads the plotly selection event)."""
    n = len(pieces)
    colors = ["orange" if i == selected else "#1f77b4" for i in range(n)]
    fig = figure(
        go.Scatter(
            x=list(range(n)),
            y=[0] * n,
            mode="markers+text",
            text=labels(pieces),
            textposition="top center",
            marker=dict(size=18, color=colors, symbol="square"),
            customdata=list(range(n)),
            hovertemplate="%{customdata}: %{text}<br>" + t("click to make it the query") + "<extra></extra>",
        ),
        layout=dict(  # the whole layout at once: plotly validates every update_* call, and this chart is on most pages
            xaxis=dict(visible=False, range=[-0.7, n - 0.3]),
            yaxis=dict(visible=False, range=[-0.5, 1.2]),
            title=heading(title),
            height=130,
            margin=dict(l=10, r=10, t=35, b=5),
            clickmode="event+select",
            dragmode=False,
        ),
    )
    return fig


def _number(v: float) -> str:
    """A bar's label: counts as whole numbers with separators (2,048,000), weights and probabilities to 3
    decimals, and small ones to 2 significant digits (0.00042, not 0.000)."""
    if float(v).is_integer() and abs(v) >= 1000:
        return f"{int(v):,}"
    return f"{v:.3f}" if v == 0 or abs(v) >= 0.01 else f"{v:.2g}"


def bars(
    names: Sequence[str],
    values: Sequence[float],
    title: str,
    x_title: str,
    highlight: int | None = 0,
    value_name: str | None = None,
    log_scale: bool = False,
) -> go.Figure:
    """Horizontal bars, largest first; `highlight` marks one bar (e.g. the chosen token). `log_scale` draws
    probabilities on a logarithmic axis, so 0.001 beside 0.93 is a bar, not nothing."""
    value_name = value_name or t("probability")
    colors = ["orange" if i == highlight else "#1f77b4" for i in range(len(names))]
    fig = figure(
        go.Bar(
            x=list(values),
            y=list(range(len(names))),
            orientation="h",
            marker_color=colors,
            customdata=labels(names),
            text=[_number(v) for v in values],
            textposition="outside",
            hovertemplate=f"%{{customdata}}<br>{value_name} %{{x:.4f}}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis=dict(tickvals=list(range(len(names))), ticktext=labels(names), autorange="reversed"),
        xaxis=(
            dict(
                title_text=x_title,
                type="log",
                range=[math.log10(max(1e-12, min(values))) - 0.5, math.log10(max(1e-12, max(values))) + 0.6],
            )
            if log_scale
            else dict(title_text=x_title, range=[0, max(1e-9, max(values)) * 1.25])
        ),
        title=heading(title),
        height=80 + 28 * len(names),
        margin=dict(l=10, r=10, t=60, b=40),
    )
    return fig


def lines(series: dict[str, tuple[Sequence[float], Sequence[float]]], title: str, x_title: str, y_title: str):
    """One line per named (x, y) series."""
    fig = figure([go.Scatter(x=list(x), y=list(y), mode="lines+markers", name=n) for n, (x, y) in series.items()])
    fig.update_layout(title=heading(title), xaxis_title=x_title, yaxis_title=y_title, height=340)
    return fig


def vector(values: np.ndarray, title: str, name: str | None = None) -> go.Figure:
    """One vector as bars over its dimensions."""
    name = name or t("value")
    fig = figure(
        go.Bar(
            x=list(range(len(values))),
            y=list(values),
            marker_color="#1f77b4",
            hovertemplate=f"{t('dimension')} %{{x}}<br>{name} %{{y:.4f}}<extra></extra>",
        )
    )
    fig.update_layout(
        title=heading(title),
        xaxis_title=t("dimension"),
        yaxis_title=name,
        height=260,
        margin=dict(l=10, r=10, t=60, b=40),
    )
    return fig


def head_summary(summary, title: str) -> go.Figure:
    """Grouped bars per head: the share of weight on same / previous / last position."""
    h = len(summary.entropy)
    heads = [f"H{j + 1}" for j in range(h)]
    fig = figure(
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
    fig.update_layout(
        title=heading(title), barmode="group", yaxis_title=t("mean weight"), yaxis_range=[0, 1], height=300
    )
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
    fig.update_layout(title=heading(title), height=380, legend=dict(orientation="h", y=-0.25))
    return fig


def head_drops(drop: np.ndarray, kinds: Sequence[str], title: str, value_name: str | None = None) -> go.Figure:
    """(3, L, h) drops in log-probability (or another per-head number, named `value_name`) as one heatmap per
    attention kind: layers are rows, heads columns. Numbers that are never negative get a one-sided scale."""
    K, L, h = drop.shape
    bound = float(np.abs(drop).max()) or 1.0
    one_sided = bool((drop >= 0).all())
    kinds = [t(k) for k in kinds]
    fig = make_subplots(rows=1, cols=K, subplot_titles=kinds, horizontal_spacing=0.06)
    for k in range(K):
        fig.add_trace(
            go.Heatmap(
                z=drop[k],
                x=[f"H{j + 1}" for j in range(h)],
                y=[f"L{i + 1}" for i in range(L)],
                colorscale=WEIGHTS if one_sided else DIVERGING,
                zmid=None if one_sided else 0,
                zmin=0 if one_sided else -bound,
                zmax=bound,
                showscale=k == K - 1,
                colorbar=dict(title=value_name or t("nats")),
                text=np.char.mod("%.2f", drop[k]),
                texttemplate="%{text}",
                hovertemplate=f"{kinds[k]}<br>%{{y}} %{{x}}<br>"
                + (f"{value_name} %{{z:.3f}}" if value_name else t("drop {z} nats", z="%{z:.3f}"))
                + "<extra></extra>",
            ),
            row=1,
            col=k + 1,
        )
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=heading(title), height=120 + 45 * L, margin=dict(l=40, r=20, t=80, b=30))
    return fig


def compare_bars(names: Sequence[str], series: dict[str, Sequence[float]], title: str, value_name: str) -> go.Figure:
    """Grouped bars: one group per name (e.g. a piece), one bar per series (e.g. before / after)."""
    x = [f"{i}: {label(n)}" for i, n in enumerate(names)]
    fig = figure([go.Bar(x=x, y=list(v), name=k) for k, v in series.items()])
    fig.update_layout(
        title=heading(title), barmode="group", yaxis_title=value_name, height=360, margin=dict(l=10, r=10, t=50, b=60)
    )
    return fig


def logit_lens(
    top: Sequence[Sequence[str]], top_prob: np.ndarray, chosen_prob: np.ndarray, chosen: Sequence[str], title: str
) -> go.Figure:
    """Layers (rows) x steps (columns): the piece each layer would pick as text (its probability on
    hover), the probability it gives the piece finally chosen as colour."""
    N, T = chosen_prob.shape
    text = [[label(p) for p in row] for row in top]
    fig = figure(
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
            colorbar=dict(title=t("p(chosen)")),
            hovertemplate=t(
                "step {x}<br>{y}: would pick {text} (p {p})", x="%{x}", y="%{y}", text="%{text}", p="%{customdata:.3f}"
            )
            + "<br>"
            + t("p(chosen piece) {z}", z="%{z:.3f}")
            + "<extra></extra>",
        ),
        layout=dict(
            xaxis=dict(
                tickvals=list(range(T)),
                ticktext=[f"{i}: {label(p)}" for i, p in enumerate(chosen)],
                title=dict(text=t("step: chosen piece")),
            ),
            yaxis=dict(autorange="reversed"),
            title=heading(title),
            height=140 + 60 * N,
            margin=dict(l=10, r=10, t=60, b=60),
        ),
    )
    return fig


def vectors(rows: dict[str, np.ndarray], title: str, value_name: str | None = None) -> go.Figure:
    """Several (D,) vectors as rows of one diverging heatmap over their dimensions, so they line up."""
    value_name = value_name or t("value")
    names = list(rows)
    z = np.stack([np.asarray(rows[n], dtype=float) for n in names])
    bound = float(np.abs(z).max()) or 1.0
    fig = figure(
        go.Heatmap(
            z=z,
            x=list(range(z.shape[1])),
            y=[label(n) for n in names],
            colorscale=DIVERGING,
            zmid=0,
            zmin=-bound,
            zmax=bound,
            colorbar=dict(title=value_name, nticks=5),
            hovertemplate=f"%{{y}}<br>{t('dimension')} %{{x}}<br>{value_name} %{{z:.4f}}<extra></extra>",
        ),
        layout=dict(
            yaxis=dict(autorange="reversed"),
            xaxis=dict(title=dict(text=t("dimension")), nticks=9),
            title=heading(title),
            height=max(240, 120 + 45 * len(names)),  # room for the colour bar's ticks and title
            margin=dict(l=10, r=10, t=60, b=40),
        ),
    )
    return fig


def embedding_scatter(
    coords: np.ndarray, pieces: Sequence[str], marked: dict[str, Sequence[int]], title: str, skip: int = 4
) -> go.Figure:
    """Every piece as a faint point at its 2-D projection; the `marked` groups (name -> ids) labelled on top."""
    fig = figure(
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
        title=heading(title),
        height=560,
        xaxis_title=t("first principal component"),
        yaxis_title=t("second principal component"),
    )
    return fig


ROLE_COLOURS = ("#d9d9d9", "#1f77b4", "#17becf", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#ff7f0e")


def role_grid(
    roles: np.ndarray, shares: np.ndarray, names: Sequence[str], kinds: Sequence[str], title: str
) -> go.Figure:
    """(3, L, h) role indices into `names` (0 = no role) as one grid per attention kind, a colour per role (in
    the legend); each cell writes `shares` (3, L, h), the share of queries that follow the head's best role."""
    K, L, h = roles.shape
    n, names = len(names), labels(names)  # plotly reads "<s>" as strikethrough markup: escaped
    colours = [ROLE_COLOURS[i % len(ROLE_COLOURS)] for i in range(n)]
    # a discrete colour scale: role i fills [i/n, (i+1)/n)
    scale = [[edge, colours[i]] for i in range(n) for edge in (i / n, (i + 1) / n)]
    fig = make_subplots(rows=1, cols=K, subplot_titles=[t(k) for k in kinds], horizontal_spacing=0.06)
    for k in range(K):
        words = np.array(names, dtype=object)[roles[k]]
        percent = np.char.mod("%.0f%%", 100 * np.nan_to_num(shares[k]))
        fig.add_trace(
            go.Heatmap(
                z=roles[k] + 0.5,
                x=[f"H{j + 1}" for j in range(h)],
                y=[f"L{i + 1}" for i in range(L)],
                colorscale=scale,
                zmin=0,
                zmax=n,
                showscale=False,
                customdata=np.dstack([words, percent]),
                text=percent,
                texttemplate="%{text}",
                textfont=dict(size=10),
                hovertemplate="%{y} %{x}<br>%{customdata[0]} · %{customdata[1]}<extra></extra>",
            ),
            row=1,
            col=k + 1,
        )
    for i in sorted(set(roles.ravel().tolist())):  # the legend: one square per role that occurs
        fig.add_trace(
            go.Scatter(x=[None], y=[None], mode="markers", name=names[i],
                       marker=dict(size=12, symbol="square", color=colours[i])),
            row=1,
            col=1,
        )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(
        title=heading(title),
        height=160 + 45 * L,
        margin=dict(l=40, r=20, t=80, b=30),
        legend=dict(orientation="h", y=-0.2),
        plot_bgcolor="white",
    )
    return fig


def pruning_curves(
    series: dict[str, tuple[Sequence[float], Sequence[float]]],
    marks: dict[float, str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """chrF against the fraction of heads switched off, one line per order, with vertical marks where the
    papers' curves bend."""
    fig = lines({n: ([100 * f for f in x], y) for n, (x, y) in series.items()}, title, x_title, y_title)
    for at, text in marks.items():
        fig.add_vline(
            x=100 * at,
            line_dash="dot",
            line_color="grey",
            annotation_text=text,
            annotation_textangle=-90,
            annotation_position="bottom left",
        )
    fig.update_layout(height=420, xaxis=dict(ticksuffix="%"), legend=dict(orientation="h", y=-0.25))
    return fig
