"""Heads & layers: every head of every layer at once, one head in focus, and what each head does."""

import numpy as np
import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from transformer.trace import KINDS
from ui import charts, quiz, state

st.title("Heads & layers")
st.caption(
    "Each layer runs h heads side by side, each with its own projections, so each can look for something "
    "different: the previous piece, the piece itself, the sentence end, or the matching word in the other language."
)
tr = state.current_trace()
quiz.check_yourself(quiz_q.sharpest_head(tr, 0), "quiz_heads")
kind = st.radio("Attention", KINDS, horizontal=True, key="heads_kind")
L = len(tr.encoder)
first = tr.attention(kind, 0)
maps = np.stack([tr.attention(kind, i).weights for i in range(L)])  # (L, h, Tq, Tk)

st.plotly_chart(
    charts.head_grid(
        maps,
        first.queries,
        first.keys,
        f"{kind}: every layer (rows) × head (columns); rows of each map are queries, columns keys",
    )
)

st.subheader("One head in focus")
c1, c2 = st.columns(2)
layer = c1.selectbox("Layer", list(range(L)), format_func=lambda i: f"layer {i + 1}", key="heads_layer")
att = tr.attention(kind, layer)
head = c2.selectbox(
    "Head",
    ["average"] + list(range(att.n_heads)),
    format_func=lambda j: "average of all heads" if j == "average" else f"head {j + 1}",
    key="heads_head",
)
w = att.weights.mean(0) if head == "average" else att.weights[head]
title = f"layer {layer + 1}, " + ("head average" if head == "average" else f"head {head + 1}")
if kind == KINDS[2]:  # cross-attention: the raw weights beside the value-weighted ones
    vw = explain.value_weighted(att)
    vw = vw.mean(0) if head == "average" else vw[head]
    m1, m2 = state.map_columns(2, max(len(att.queries), len(att.keys)))
    m1.plotly_chart(charts.attention_map(w, att.queries, att.keys, f"α, {title}"), key="heads_focus")
    m2.plotly_chart(charts.attention_map(vw, att.queries, att.keys, f"value-weighted ‖α·v·W_O‖, {title}"))
    st.caption(
        "Right: each weight times the size of what its key sends through W_O, rows renormalised (Kobayashi et "
        "al. 2020); keys that receive weight but send little fade."
    )
else:
    st.plotly_chart(charts.attention_map(w, att.queries, att.keys, title), key="heads_focus")

st.subheader(f"What each head of layer {layer + 1} does")
s = explain.head_summary(att)
st.plotly_chart(charts.head_summary(s, "Mean weight on the same position, the previous position and the last key"))
st.dataframe(
    {
        "head": [f"H{j + 1}" for j in range(att.n_heads)],
        "entropy (bits)": s.entropy.round(2),
        "mean |query − top key|": s.distance.round(2),
        "same position": s.same.round(3),
        "previous position": s.previous.round(3),
        "last key": s.last.round(3),
    },
    hide_index=True,
)
st.caption(
    f"Entropy: 0 bits means a head looks at one key only; log₂({len(att.keys)}) = {np.log2(len(att.keys)):.2f} bits "
    "means it spreads evenly. For cross-attention, 'same position' compares target and source positions, which "
    "only roughly line up."
)
