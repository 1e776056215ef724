"""The causal mask: why the decoder may only look back, and what goes wrong when it can look ahead."""

import numpy as np
import streamlit as st

from transformer import quiz as quiz_q
from transformer.trace import KINDS
from ui import charts, models, quiz, state, view
from ui.i18n import t

state.start_page(t("The causal mask"))
st.markdown(
    t(
        "When it translates, the decoder produces one piece at a time, so position *t* can only use pieces "
        "0…*t*. Training sees the whole target at once, so a mask hides the future: scores above the diagonal "
        "become −∞ and their softmax weights exactly 0."
    )
)
tr = state.current_trace()
c1, c2 = st.columns(2)
layer = view.layer_widget(len(tr.decoder), "mask_layer", c1, label=t("Decoder layer"))
att = tr.attention(KINDS[1], layer)
head = view.head_widget(att.n_heads, "mask_head", c2)

quiz.check_yourself(quiz_q.above_the_diagonal(tr, layer, head), "quiz_mask")
ca, cb, cc = state.map_columns(3, len(att.queries))
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
st.markdown(
    t(
        "Here the decoder runs once more on its own output, teacher-forced, first **with** the mask (what it was "
        "trained for) and then **without** it, so each position can also see the pieces after it. This what-if "
        "is computed from the same weights, on the same input."
    )
)
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
            "All {n} predictions stay the same here: this model learned to rely on the pieces before each "
            "position, so seeing later ones did not change its choices for this sentence (the attention maps "
            "below still differ). A model trained without the mask would simply learn to copy the next input "
            "piece, and learn nothing it could use when translating.",
            n=len(rows),
        )
    )
else:
    st.caption(
        t(
            "{same} of {n} predictions stay the same; {changed} change. The model was never trained to use future "
            "pieces, so without the mask its inputs are ones it never saw. A model trained without the mask would "
            "simply learn to copy the next input piece, and learn nothing it could use when translating.",
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
