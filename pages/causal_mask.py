"""The causal mask: why the decoder may only look back, and what goes wrong when it can look ahead."""

import numpy as np
import streamlit as st

from transformer import quiz as quiz_q
from transformer.trace import KINDS
from ui import charts, models, quiz, state, view
from ui.i18n import t

state.start_page(t("The causal mask"))
st.markdown(t("causal_mask.when_it_translates_the"))
tr = state.current_trace()
c1, c2 = st.columns(2)
layer = view.layer_widget(len(tr.decoder), "mask_layer", c1, label=t("Decoder layer"))
att = tr.attention(KINDS[1], layer)
head = view.head_widget(att.n_heads, "mask_head", c2)

quiz.check_yourself(quiz_q.above_the_diagonal(tr, layer, head), "quiz_mask")
ca, cb, cc = view.map_columns(3, len(att.queries))
q_, k_ = t("query"), t("key")
view.show(
    charts.matrix(att.scaled[head], att.queries, att.keys, t("scores QKᵀ/√d_k before the mask"), q_, k_, t("score")),
    ca,
)
view.show(
    charts.matrix(
        att.masked[head], att.queries, att.keys, t("after the mask: −∞ above the diagonal"), q_, k_, t("score")
    ),
    cb,
)
view.show(
    charts.attention_map(att.weights[head], att.queries, att.keys, t("softmax: exactly 0 above the diagonal")), cc
)
upper = np.triu(np.ones_like(att.mask), 1).astype(bool)
st.caption(
    t(
        "Largest weight above the diagonal in this head: {leak:.1e} (of {n} masked cells).",
        leak=att.weights[head][upper].max(initial=0.0),
        n=int(upper.sum()),
    )
)

st.subheader(t("What if the decoder could see the future?"))
st.markdown(t("causal_mask.here_the_decoder_runs"))
peek = models.get_peek(*state.session())
rows = []
for i, inp in enumerate(peek.inputs):
    rows.append(
        {
            t("position"): i,
            t("input piece"): inp,
            t("greedy chose"): peek.targets[i],
            t("with mask: predicts"): peek.masked_top[i],
            t("p (mask)"): round(float(peek.masked_prob[i]), 3),
            t("without mask: predicts"): peek.unmasked_top[i],
            t("p (no mask)"): round(float(peek.unmasked_prob[i]), 3),
        }
    )
st.dataframe(rows, hide_index=True)
same = sum(a == b for a, b in zip(peek.masked_top, peek.unmasked_top))
if same == len(rows):
    st.caption(
        t(
            "causal_mask.all_n_predictions_stay",
            n=len(rows),
        )
    )
else:
    st.caption(
        t(
            "causal_mask.same_of_n_predictions",
            same=same,
            n=len(rows),
            changed=len(rows) - same,
        )
    )
view.show(
    charts.attention_map(
        peek.unmasked_weights.mean(0),
        peek.inputs,
        peek.inputs,
        t("WHAT-IF: last decoder layer self-attention without the mask (head average)"),
    )
)
