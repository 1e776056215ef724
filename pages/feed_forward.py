"""The position-wise feed-forward network: the same two-layer MLP applied to every piece on its own."""

import streamlit as st

from transformer import quiz as quiz_q
from ui import charts, quiz, state

st.title("Feed-forward network")
st.markdown(
    "After attention has mixed information between positions, each layer runs every position's vector, **on its "
    "own**, through the same small network:  \n"
    "**FFN(x) = max(0, x W₁ + b₁) W₂ + b₂**: widen from d_model to d_ff, cut negatives to zero (ReLU), narrow back. "
    "Attention moves information between pieces; the feed-forward network transforms each piece's vector."
)
tr = state.current_trace()
c1, c2 = st.columns(2)
side = c1.radio("Stack", ["encoder", "decoder"], horizontal=True, key="ff_side")
layers = tr.encoder if side == "encoder" else tr.decoder
layer = c2.selectbox("Layer", list(range(len(layers))), format_func=lambda i: f"layer {i + 1}", key="ff_layer")
ffn = layers[layer].ffn
pieces = tr.src.pieces if side == "encoder" else tr.tgt.pieces
d_model, d_ff = ffn.x.shape[1], ffn.pre.shape[1]
pos = state.pick_token(pieces, "ff_pos", "Piece")

quiz.check_yourself(quiz_q.relu_share(ffn, pieces[pos], pos, f"{side} layer {layer + 1}"), "quiz_ffn")
st.subheader(f"Piece {pos} “{pieces[pos]}”: {d_model} → {d_ff} → {d_model}")
st.plotly_chart(
    charts.vectors(
        {"x W₁ + b₁": ffn.pre[pos], "ReLU(x W₁ + b₁)": ffn.hidden[pos]},
        f"The {d_ff}-wide hidden layer of {side} layer {layer + 1}",
    ),
    key="ff_hidden",
)
share = ffn.zero_share
st.metric("hidden units ReLU set to zero for this piece", f"{share[pos]:.1%}")
st.plotly_chart(
    charts.vectors({"input x": ffn.x[pos], "FFN(x)": ffn.out[pos]}, f"In and out ({d_model} dimensions)"),
    key="ff_io",
)

st.subheader("Same weights at every position")
other = st.selectbox(
    "Compare with piece",
    list(range(len(pieces))),
    index=min(1, len(pieces) - 1),
    format_func=lambda i: f"{i}: {pieces[i]}",
    key="ff_other",
)
a, b = st.columns(2)
for col, p in ((a, pos), (b, other)):
    col.plotly_chart(
        charts.vectors({"ReLU(x W₁ + b₁)": ffn.hidden[p]}, f"{p}: “{pieces[p]}” ({share[p]:.0%} zeros)"),
        key=f"ff_side_{p}_{col is a}",
    )
st.caption(
    "The same W₁, b₁, W₂, b₂ are applied to both pieces; only their input vectors differ, so their hidden patterns "
    "differ. Share of zeros by position: " + ", ".join(f"{i}:{pieces[i]} {z:.0%}" for i, z in enumerate(share))
)
