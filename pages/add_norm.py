"""Add & Norm: the residual connection around every sublayer and the LayerNorm after it."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state

st.title("Add & Norm")
st.markdown(
    "Every sublayer (self-attention, cross-attention, feed-forward) is wrapped the same way: its input **x** is "
    "added back to its output (the *residual connection*, so a layer only has to learn a correction and gradients "
    "reach the early layers), then **LayerNorm** rescales each position's vector to mean 0 and standard deviation 1 "
    "and applies a learned scale γ and shift β per dimension:  \n"
    "**LayerNorm(x + Sublayer(x))**, with LayerNorm(v) = γ ⊙ (v − mean(v)) / √(var(v) + ε) + β.  \n"
    "This is the paper's *post-norm* order, which this model uses; many later models and tutorials use *pre-norm*, "
    "x + Sublayer(LayerNorm(x)) (try it on the page *Train one yourself*)."
)
tr = state.current_trace()
c1, c2, c3 = st.columns(3)
side = c1.radio("Stack", ["encoder", "decoder"], horizontal=True, key="an_side")
layers = tr.encoder if side == "encoder" else tr.decoder
layer = c2.selectbox("Layer", list(range(len(layers))), format_func=lambda i: f"layer {i + 1}", key="an_layer")
residuals = layers[layer].residuals
which = c3.selectbox(
    "Sublayer", list(range(len(residuals))), format_func=lambda i: residuals[i].sublayer, key="an_sublayer"
)
res = residuals[which]
pieces = tr.src.pieces if side == "encoder" else tr.tgt.pieces
pos = state.pick_token(pieces, "an_pos", "Piece")
s = explain.norm_stats(res, pos)

quiz.check_yourself(quiz_q.layer_norm_mean(res, pieces[pos], pos), "quiz_norm")
st.plotly_chart(
    charts.vectors(s.vectors, f"{side} layer {layer + 1}, {res.sublayer}, piece {pos} “{pieces[pos]}”"),
    key="an_vectors",
)
m1, m2, m3, m4 = st.columns(4)
m1.metric("mean of x + Sublayer(x)", f"{s.mean:.3f}")
m2.metric("its standard deviation", f"{s.std:.3f}")
m3.metric("mean after LayerNorm", f"{s.out_mean:.3f}")
m4.metric("std after LayerNorm", f"{s.out_std:.3f}")
st.caption(
    f"Before γ and β the normalised vector has mean {s.normed.mean():.1e} and standard deviation {s.normed.std():.3f}; "
    "γ and β, learned in training, then move each dimension away from that on purpose. All four rows are the "
    "vectors the translating pass computed."
)
st.plotly_chart(
    charts.vectors({"γ (scale)": res.gamma, "β (shift)": res.beta}, "LayerNorm's learned γ and β", "value"),
    key="an_gamma",
)
