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
cq, ck, cv = state.map_columns(3, max(Tq, Tk))
dims = [str(d) for d in range(dk)]
cq.plotly_chart(charts.matrix(att.q[head], att.queries, dims, f"Q  ({Tq} × {dk})", "query", "dimension", "q"))
ck.plotly_chart(charts.matrix(att.k[head], att.keys, dims, f"K  ({Tk} × {dk})", "key", "dimension", "k"))
cv.plotly_chart(charts.matrix(att.v[head], att.keys, dims, f"V  ({Tk} × {dk})", "key", "dimension", "v"))

st.subheader("2 · Scores: every query against every key")
ca, cb = state.map_columns(2, max(Tq, Tk))
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
ca, cb = state.map_columns(2, max(Tq, Tk))
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
st.subheader("Worked example: student D's chemistry grade")
st.markdown(
    "The classic example of the lecture notes. Students A, B and C have a chemistry grade (the **values**); "
    "student D's is missing. Each student has a profile of four numbers: D's is the **query**, A's, B's and C's "
    "are the **keys**. D's grade is predicted as the attention-weighted mean of the others' grades. "
    "Edit any number; it runs through `model.attention`, the function every attention sublayer of the model uses."
)
table = st.data_editor(
    {
        "student": ["D (query)", "A (key)", "B (key)", "C (key)"],
        **{f"x{i + 1}": [explain.CLASSIC_QUERY[i]] + [k[i] for k in explain.CLASSIC_KEYS] for i in range(4)},
        "chemistry grade (value)": [None, *explain.CLASSIC_VALUES],
    },
    key="worked_example",
    num_rows="fixed",
    disabled=["student"],
    hide_index=True,
)
numbers = np.array([table[f"x{i + 1}"] for i in range(4)], dtype=float).T  # (4 students, 4)
grades = np.array(table["chemistry grade (value)"][1:], dtype=float)
if np.isnan(numbers).any() or np.isnan(grades).any():
    st.warning("Every cell needs a number (D's grade is the one to predict, so it stays empty). Fill the empty cell.")
    st.stop()
q, keys = numbers[0], numbers[1:]
plain = explain.worked_example(q, keys, grades, scale=False)
scaled = explain.worked_example(q, keys, grades)
st.dataframe(
    {
        "key": ["A", "B", "C"],
        "q·k": plain.scores.round(4),
        "softmax(q·k)": plain.weights.round(2),
        f"q·k ÷ √{len(q)}": scaled.scaled.round(4),
        f"softmax(q·k ÷ √{len(q)})": scaled.weights.round(2),
    },
    hide_index=True,
)
c1, c2 = st.columns(2)
c1.metric("D's grade: Σ softmax(q·k) × grade", f"{float(plain.output):.2f}")
c2.metric(f"with ÷√d_k (d_k = {len(q)})", f"{float(scaled.output):.2f}")
st.caption(
    f"The notes' weights {plain.weights.round(2).tolist()} and prediction {float(plain.output):.2f} come from "
    "softmax(q·k) **without** dividing by √d_k. The paper's scaled dot-product attention divides first: "
    f"here by √{len(q)} = {np.sqrt(len(q)):.0f}, which flattens the weights to {scaled.weights.round(2).tolist()} "
    f"and gives {float(scaled.output):.2f}. With d_k = 4 the difference is small; with the model's d_k = "
    f"{tr.encoder[0].self_attn.d_k} the unscaled dot products are far larger and softmax would put almost all "
    "weight on one key."
)
