"""Attention, step by step: Q, K, V -> QK^T -> / sqrt(d_k) -> mask -> softmax -> x V -> concat -> W_O."""

import numpy as np
import streamlit as st

from transformer import explain
from transformer.trace import KINDS
from ui import charts, state

st.title("Attention, step by step")
st.latex(r"\mathrm{Attention}(Q,K,V)=\mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V")
tr = state.current_trace()

c1, c2, c3 = st.columns(3)
kind = c1.selectbox("Attention", KINDS, key="att_kind")
layer = c2.selectbox("Layer", list(range(len(tr.encoder))), format_func=lambda i: f"layer {i + 1}", key="att_layer")
att = tr.attention(kind, layer)
head = c3.selectbox("Head", list(range(att.n_heads)), format_func=lambda j: f"head {j + 1}", key="att_head")
side_key = "query_src" if kind == KINDS[0] else "query_tgt"
qi = state.pick_token(att.queries, side_key)
Tq, Tk, dk = len(att.queries), len(att.keys), att.d_k
st.caption(
    f"{kind}: queries come from the {'source' if kind == KINDS[0] else 'target'} pieces, keys and values from the "
    f"{'target' if kind == KINDS[1] else 'source'} pieces. Rows are queries, columns are keys. d_k = {dk}."
)

st.subheader("1 · Project into queries, keys and values")
kv_name, kv_what = ("M", "the encoder output, or memory") if kind == KINDS[2] else ("X", "this layer's input")
st.markdown(
    f"Head {head + 1} has its own W_Q, W_K, W_V (d_model × {dk}). Q comes from the queries' side, K and V from "
    f"{kv_name} ({kv_what}): Q = X W_Q, K = {kv_name} W_K, V = {kv_name} W_V."
)
cq, ck, cv = st.columns(3)
dims = [str(d) for d in range(dk)]
cq.plotly_chart(charts.matrix(att.q[head], att.queries, dims, f"Q  ({Tq} × {dk})", "query", "dimension", "q"))
ck.plotly_chart(charts.matrix(att.k[head], att.keys, dims, f"K  ({Tk} × {dk})", "key", "dimension", "k"))
cv.plotly_chart(charts.matrix(att.v[head], att.keys, dims, f"V  ({Tk} × {dk})", "key", "dimension", "v"))

st.subheader("2 · Scores: every query against every key")
ca, cb = st.columns(2)
ca.plotly_chart(charts.matrix(att.scores[head], att.queries, att.keys, f"QKᵀ  ({Tq} × {Tk})", "query", "key", "score"))
cb.plotly_chart(
    charts.matrix(
        att.scaled[head],
        att.queries,
        att.keys,
        f"QKᵀ / √{dk} = QKᵀ / {np.sqrt(dk):.2f}",
        "query",
        "key",
        "scaled score",
    )
)

st.subheader("3 · Mask, then softmax along each row")
ca, cb = st.columns(2)
ca.plotly_chart(
    charts.matrix(
        att.masked[head], att.queries, att.keys, "masked: −∞ where a query may not look", "query", "key", "masked score"
    )
)
cb.plotly_chart(
    charts.attention_map(
        att.weights[head], att.queries, att.keys, "softmax: attention weights (rows sum to 1)", highlight_row=qi
    )
)
blocked = int((~att.mask).sum())
st.caption(f"The mask blocks {blocked} of {Tq * Tk} query–key pairs (padding and, in the decoder, the future).")

st.subheader(f"4 · Query {qi} '{att.queries[qi]}': weights × V")
w = att.weights[head, qi]
order = np.argsort(-w)[: min(10, Tk)]
ca, cb = st.columns(2)
ca.plotly_chart(
    charts.bars(
        [f"{j}: {att.keys[j]}" for j in order],
        w[order],
        "largest weights of this row",
        "weight",
        highlight=None,
        value_name="weight",
    )
)
cb.plotly_chart(charts.vector(att.head_out[head, qi], f"head {head + 1} output for this query: Σ weight × v", "value"))

what_if = st.toggle("What if we drop the ÷√d_k? (recomputed from this trace's own Q and K)")
if what_if:
    unscaled = explain.unscaled_weights(att, head)
    ca, cb = st.columns(2)
    ca.plotly_chart(
        charts.bars(
            [f"{j}: {att.keys[j]}" for j in order],
            w[order],
            "with ÷√d_k (what the model did)",
            "weight",
            highlight=None,
            value_name="weight",
        )
    )
    cb.plotly_chart(
        charts.bars(
            [f"{j}: {att.keys[j]}" for j in order],
            unscaled[qi, order],
            "WHAT-IF without ÷√d_k",
            "weight",
            highlight=None,
            value_name="weight",
        )
    )
    st.caption(
        f"Row entropy: {explain.entropy_bits(w):.2f} bits with scaling, {explain.entropy_bits(unscaled[qi]):.2f} bits "
        f"without. Dot products grow with d_k, so unscaled scores push the softmax towards one key (saturation) "
        f"and its gradients towards zero."
    )

st.subheader("5 · Concatenate the heads and project with W_O")
st.latex(r"\mathrm{MultiHead}(Q,K,V)=\mathrm{Concat}(\mathrm{head}_1,\dots,\mathrm{head}_h)\,W^O")
D = att.concat.shape[1]
ca, cb = st.columns(2)
ca.plotly_chart(
    charts.matrix(
        att.concat,
        att.queries,
        None,
        f"Concat of {att.n_heads} heads ({Tq} × {D}); head {head + 1} is columns {head * dk}–{head * dk + dk - 1}",
        "query",
        "dimension",
    )
)
cb.plotly_chart(
    charts.matrix(att.out, att.queries, None, f"× W_O ({D} × {D}) + b: sublayer output", "query", "dimension")
)

st.divider()
st.subheader("Worked example: one query, three keys")
st.markdown("Edit the numbers. This toy is computed here with the same formula; it is not the model.")
default = {
    "q": [1.0, 0.0, 1.0, 0.0],
    "k1": [1.0, 0.0, 1.0, 0.0],
    "k2": [0.0, 1.0, 0.0, 1.0],
    "k3": [0.5, 0.5, 0.5, 0.5],
}
vectors = st.data_editor(default, key="toy_qk", num_rows="fixed")
values = st.data_editor({"v1": [1.0, 0.0], "v2": [0.0, 1.0], "v3": [0.5, 0.5]}, key="toy_v", num_rows="fixed")
q = np.array(vectors["q"], dtype=float)
keys = np.array([vectors["k1"], vectors["k2"], vectors["k3"]], dtype=float)
vals = np.array([values["v1"], values["v2"], values["v3"]], dtype=float)
ex = explain.worked_example(q, keys, vals)
st.dataframe(
    {
        "key": ["k1", "k2", "k3"],
        "q·k": ex.scores.round(4),
        f"÷√{len(q)}": ex.scaled.round(4),
        "softmax weight": ex.weights.round(4),
    },
    hide_index=True,
)
st.write(f"Output = Σ weight × v = {np.round(ex.output, 4).tolist()}")
