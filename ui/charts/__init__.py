"""Chart builders: arrays and piece labels in, plotly figures (or Graphviz source) out; no widgets here.
Texts come from the catalog (ui.i18n). Queries are rows and keys are columns in every map.

maps.py     attention maps, signed matrices, the heads grid, masks, and the sidebar's map options
plots.py    bars, lines, vectors, head summaries, training curves, head drops, logit lens, embedding map,
            head roles, pruning curves
diagram.py  the architecture drawn with this run's shapes
export.py   CSV of a chart's numbers, PNG settings
"""

import pandas  # noqa: F401  (see below)

# plotly's validators look pandas up in sys.modules without importing it. Without the import above,
# a session whose thread is still importing pandas (streamlit does so lazily) lets another session's
# chart see a half-initialised module: "partially initialized module 'pandas' has no attribute
# 'Series'". Importing it here, once, before any chart is built, removes that race.
from .diagram import architecture_dot
from .export import PNG, to_csv
from .maps import (
    DIVERGING,
    SPECIAL,
    WEIGHTS,
    MapOptions,
    attention_map,
    counts_map,
    head_grid,
    label,
    labels,
    mask_map,
    matrix,
    set_options,
)
from .plots import (
    bars,
    compare_bars,
    embedding_scatter,
    head_drops,
    head_summary,
    lines,
    logit_lens,
    pruning_curves,
    role_grid,
    token_strip,
    training_curves,
    vector,
    vectors,
)

__all__ = [
    "DIVERGING",
    "PNG",
    "SPECIAL",
    "WEIGHTS",
    "MapOptions",
    "architecture_dot",
    "attention_map",
    "bars",
    "compare_bars",
    "counts_map",
    "embedding_scatter",
    "head_drops",
    "head_grid",
    "head_summary",
    "label",
    "labels",
    "lines",
    "logit_lens",
    "pruning_curves",
    "role_grid",
    "mask_map",
    "matrix",
    "set_options",
    "to_csv",
    "token_strip",
    "training_curves",
    "vector",
    "vectors",
]
