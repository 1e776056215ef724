"""The causal mask: why the decoder may only look back, and what goes wrong when it can look ahead."""

import numpy as np
import streamlit as st

from transformer import quiz as quiz_q
from transformer.trace import KINDS
from ui import charts, quiz, state

st.title("The causal mask")
st.markdown(
    "When it translates, the decoder produces one piece at a time, so position *t* can only use pieces "
    "0…*t*. Training sees the whole target at once, so a mask hides the future: scores above the diagonal "
    "become −∞ and their softmax weights exactly 0."
)
tr = state.current_trace()
c1, c2 = st.columns(2)
layer = c1.selectbox(
    "Decoder layer", list(range(len(tr.decoder))), format_func=lambda i: f"layer {i + 1}", key="mask_layer"
)
att = tr.attention(KINDS[1], layer)
head = c2.selectbox("Head", list(range(att.n_heads)), format_func=lambda j: f"head {j + 1}", key="mask_head")

quiz.check_yourself(quiz_q.above_the_diagonal(tr, layer, head), "quiz_mask")
ca, cb, cc = state.map_columns(3, len(att.queries))
ca.plotly_chart(
    charts.matrix(att.scaled[head], att.queries, att.keys, "scores QKᵀ/√d_k before the mask", "query", "key", "score")
)
cb.plotly_chart(
    charts.matrix(
        att.masked[head], att.queries, att.keys, "after the mask: −∞ above the diagonal", "query", "key", "score"
    )
)
cc.plotly_chart(charts.attention_map(att.weights[head], att.queries, att.keys, "softmax: exactly 0 above the diagonal"))
upper = np.triu(np.ones_like(att.mask), 1).astype(bool)
st.caption(
    f"Largest weight above the diagonal in this head: {att.weights[head][upper].max(initial=0.0):.1e} "
    f"(of {int(upper.sum())} masked cells)."
)

st.subheader("What if the decoder could see the future?")
st.markdown(
    "Here the decoder runs once more on its own output, teacher-forced, first **with** the mask (what it was "
    "trained for) and then **without** it, so each position can also see the pieces after it. This what-if "
    "is computed from the same weights, on the same input."
)
peek = state.get_peek(st.session_state.model, st.session_state.sentence)
rows = []
for t, inp in enumerate(peek.inputs):
    rows.append(
        {
            "position": t,
            "input piece": inp,
            "greedy chose": peek.targets[t],
            "with mask: predicts": peek.masked_top[t],
            "p (mask)": round(float(peek.masked_prob[t]), 3),
            "without mask: predicts": peek.unmasked_top[t],
            "p (no mask)": round(float(peek.unmasked_prob[t]), 3),
        }
    )
st.dataframe(rows, hide_index=True)
same = sum(a == b for a, b in zip(peek.masked_top, peek.unmasked_top))
st.caption(
    f"{same} of {len(rows)} predictions stay the same. The model was never trained to use future pieces, so "
    "without the mask its inputs are ones it never saw: predictions change, and a model trained without the mask "
    "would simply learn to copy the next input piece, and learn nothing it could use when translating."
)
st.plotly_chart(
    charts.attention_map(
        peek.unmasked_weights.mean(0),
        peek.inputs,
        peek.inputs,
        "WHAT-IF: last decoder layer self-attention without the mask (head average)",
    )
)
