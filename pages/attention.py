"""Attention, step by step: Q, K, V -> QK^T -> / sqrt(d_k) -> mask -> softmax -> x V -> concat -> W_O."""

import numpy as np
import streamlit as st

from transformer import explain
from transformer.trace import KINDS
from ui import charts, state, view, worked_example
from ui.i18n import md, t

state.start_page(t("Attention, step by step"))
st.latex(r"\mathrm{Attention}(Q,K,V)=\mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V")
tr = state.current_trace()

c1, c2, c3 = st.columns(3)
kind = view.kind_widget("att_kind", c1)
layer = view.layer_widget(len(tr.encoder), "att_layer", c2)
att = tr.attention(kind, layer)
head = view.head_widget(att.n_heads, "att_head", c3)
side_key = "query_src" if kind == KINDS[0] else "query_tgt"
qi = view.pick_token(att.queries, side_key)
Tq, Tk, dk = len(att.queries), len(att.keys), att.d_k
st.caption(
    {
        KINDS[0]: t("Encoder self-attention: queries, keys and values all come from the source pieces."),
        KINDS[1]: t("Decoder masked self-attention: queries, keys and values all come from the target pieces."),
        KINDS[2]: t("Cross-attention: queries come from the target pieces, keys and values from the source pieces."),
    }[kind]
    + " "
    + t("Rows are queries, columns are keys. d_k = {dk}.", dk=dk)
)

st.subheader(t("1 · Project into queries, keys and values"))
if kind == KINDS[2]:
    st.markdown(
        t(
            "Head {head} has its own W_Q, W_K, W_V (d_model × {dk}). Q comes from the decoder's side, K and V from "
            "M (the encoder output, or memory): Q = X W_Q, K = M W_K, V = M W_V.",
            head=head + 1,
            dk=dk,
        )
    )
else:
    st.markdown(
        t(
            "Head {head} has its own W_Q, W_K, W_V (d_model × {dk}), all applied to X, this layer's input: "
            "Q = X W_Q, K = X W_K, V = X W_V.",
            head=head + 1,
            dk=dk,
        )
    )
cq, ck, cv = view.map_columns(3, max(Tq, Tk))
dims = [str(d) for d in range(dk)]
q_, k_, dim_ = t("query"), t("key"), t("dimension")
view.show(charts.matrix(att.q[head], att.queries, dims, f"Q  ({Tq} × {dk})", q_, dim_, "q"), cq, name="Q")
view.show(charts.matrix(att.k[head], att.keys, dims, f"K  ({Tk} × {dk})", k_, dim_, "k"), ck, name="K")
view.show(charts.matrix(att.v[head], att.keys, dims, f"V  ({Tk} × {dk})", k_, dim_, "v"), cv, name="V")

st.subheader(t("2 · Scores: every query against every key"))
ca, cb = view.map_columns(2, max(Tq, Tk))
view.show(
    charts.matrix(att.scores[head], att.queries, att.keys, f"QKᵀ  ({Tq} × {Tk})", q_, k_, t("score")), ca, name="QK"
)
view.show(
    charts.matrix(
        att.scaled[head], att.queries, att.keys, f"QKᵀ / √{dk} = QKᵀ / {np.sqrt(dk):.2f}", q_, k_, t("scaled score")
    ),
    cb,
    name="QK-scaled",
)

st.subheader(t("3 · Mask, then softmax along each row"))
ca, cb = view.map_columns(2, max(Tq, Tk))
view.show(
    charts.matrix(
        att.masked[head], att.queries, att.keys, t("masked: −∞ where a query may not look"), q_, k_, t("masked score")
    ),
    ca,
)
view.show(
    charts.attention_map(
        att.weights[head], att.queries, att.keys, t("softmax: attention weights (rows sum to 1)"), highlight_row=qi
    ),
    cb,
)
blocked = int((~att.mask).sum())
st.caption(
    t(
        "The mask blocks {blocked} of {total} query–key pairs (padding and, in the decoder, the future).",
        blocked=blocked,
        total=Tq * Tk,
    )
)

st.subheader(t("4 · Query {qi} '{piece}': weights × V", qi=qi, piece=md(att.queries[qi])))
w = att.weights[head, qi]
order = np.argsort(-w)[: min(10, Tk)]
keys = [f"{j}: {att.keys[j]}" for j in order]
ca, cb = st.columns(2)
view.show(charts.bars(keys, w[order], t("largest weights of this row"), t("weight"), highlight=None), ca)
view.show(charts.vector(att.head_out[head, qi], t("head {n} output for this query: Σ weight × v", n=head + 1)), cb)

what_if = st.toggle(t("What if we drop the ÷√d_k? (recomputed from this trace's own Q and K)"), key="att_whatif")
if what_if:
    unscaled = explain.unscaled_weights(att, head)
    ca, cb = st.columns(2)
    view.show(charts.bars(keys, w[order], t("with ÷√d_k (what the model did)"), t("weight"), highlight=None), ca)
    view.show(charts.bars(keys, unscaled[qi, order], t("WHAT-IF without ÷√d_k"), t("weight"), highlight=None), cb)
    st.caption(
        t(
            "Row entropy: {a:.2f} bits with scaling, {b:.2f} bits without. Dot products grow with d_k, so unscaled "
            "scores push the softmax towards one key (saturation) and its gradients towards zero.",
            a=explain.entropy_bits(w),
            b=explain.entropy_bits(unscaled[qi]),
        )
    )

st.subheader(t("5 · Concatenate the heads and project with W_O"))
st.latex(r"\mathrm{MultiHead}(Q,K,V)=\mathrm{Concat}(\mathrm{head}_1,\dots,\mathrm{head}_h)\,W^O")
D = att.concat.shape[1]
ca, cb = st.columns(2)
view.show(
    charts.matrix(
        att.concat,
        att.queries,
        None,
        t(
            "Concat of {h} heads ({Tq} × {D}); head {n} is columns {a}–{b}",
            h=att.n_heads,
            Tq=Tq,
            D=D,
            n=head + 1,
            a=head * dk,
            b=head * dk + dk - 1,
        ),
        q_,
        dim_,
    ),
    ca,
)
view.show(charts.matrix(att.out, att.queries, None, t("× W_O ({D} × {D}) + b: sublayer output", D=D), q_, dim_), cb)

st.divider()
worked_example.show(tr.encoder[0].self_attn.d_k)
