"""Heads & layers: every head of every layer at once, one head in focus, and what each head does."""

import numpy as np
import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from transformer.trace import KINDS
from ui import charts, quiz, state, view
from ui.i18n import t

state.start_page(t("Heads & layers"))
st.caption(t("heads.each_layer_runs_h"))
tr = state.current_trace()
quiz.check_yourself(quiz_q.sharpest_head(tr, 0), "quiz_heads")
kind = view.kind_widget("heads_kind", widget=st.radio, horizontal=True)
L = len(tr.encoder)
first = tr.attention(kind, 0)
maps = np.stack([tr.attention(kind, i).weights for i in range(L)])  # (L, h, Tq, Tk)

view.show(
    charts.head_grid(
        maps,
        first.queries,
        first.keys,
        t(
            "{kind}: every layer (rows) × head (columns); rows of each map are queries, columns keys",
            kind=t(kind),
        ),
    ),
    name="heads-grid",
)

st.subheader(t("One head in focus"))
c1, c2 = st.columns(2)
layer = view.layer_widget(L, "heads_layer", c1)
att = tr.attention(kind, layer)
head = view.head_widget(att.n_heads, "heads_head", c2, extra=("avg",))
w = att.weights.mean(0) if head == "avg" else att.weights[head]
title = t("layer {n}", n=layer + 1) + ", " + (t("head average") if head == "avg" else t("head {n}", n=head + 1))
if kind == KINDS[2]:  # cross-attention: the raw weights beside the value-weighted ones
    vw = explain.value_weighted(att)
    vw = vw.mean(0) if head == "avg" else vw[head]
    m1, m2 = view.map_columns(2, max(len(att.queries), len(att.keys)))
    view.show(charts.attention_map(w, att.queries, att.keys, f"α, {title}"), m1, key="heads_focus")
    view.show(charts.attention_map(vw, att.queries, att.keys, t("value-weighted ‖α·v·W_O‖, {title}", title=title)), m2)
    st.caption(
        t(
            "Right: each weight times the size of what its key sends through W_O, rows renormalised (Kobayashi et "
            "al. 2020); keys that receive weight but send little fade."
        )
    )
else:
    view.show(charts.attention_map(w, att.queries, att.keys, title), key="heads_focus")

st.subheader(t("What each head of layer {n} does", n=layer + 1))
s = explain.head_summary(att)
view.show(charts.head_summary(s, t("Mean weight on the same position, the previous position and the last key")))
st.dataframe(
    {
        t("head"): [f"H{j + 1}" for j in range(att.n_heads)],
        t("entropy (bits)"): s.entropy.round(2),
        t("mean |query − top key|"): s.distance.round(2),
        t("same position"): s.same.round(3),
        t("previous position"): s.previous.round(3),
        t("last key"): s.last.round(3),
    },
    hide_index=True,
)
st.caption(
    t(
        "heads.entropy_0_bits_means",
        n=len(att.keys),
        bits=np.log2(len(att.keys)),
    )
)
