"""Taking a chart away: PNG at a readable scale from plotly's toolbar, and the numbers it draws as CSV."""

from __future__ import annotations

import csv
import html
import io

import numpy as np
import plotly.graph_objects as go

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
