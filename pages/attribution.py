"""Attention or explanation? Four measures of which source piece mattered for each output piece, and how far
they agree (Jain & Wallace 2019; Abnar & Zuidema 2020)."""

import numpy as np
import streamlit as st

from transformer.attribution import MEASURES
from ui import charts, models, state, view
from ui.i18n import t

state.start_page(t("Attention or explanation?"))
st.markdown(t("attribution.a_map_of_cross"))
tr = state.current_trace()
name, text = state.session()
L = len(tr.decoder)
layer = view.layer_widget(L, "attr_layer", label=t("Cross-attention layer"))
with st.spinner(t("Attributing every output piece…")):  # a long paragraph takes a few seconds
    a = models.get_attribution(name, text, layer)
cross = tr.decoder[layer].cross_attn
rows, cols = cross.queries, cross.keys  # rows are output pieces (queries), columns source pieces (keys)
MEASURE_NAMES = {
    "attention": t("attention"),
    "rollout": t("rollout"),
    "gradient × input": t("gradient × input"),
    "leave-one-out": t("leave-one-out"),
}

st.subheader(t("Four answers to “which source piece mattered?”"))
c1, c2 = view.map_columns(2, max(len(rows), len(cols)))
view.show(
    charts.attention_map(a.attention, rows, cols, t("Cross-attention, layer {n}, mean of the heads", n=layer + 1)), c1
)
view.show(charts.attention_map(a.rollout, rows, cols, t("Attention rollout to the source")), c2)
c3, c4 = view.map_columns(2, max(len(rows), len(cols)))
view.show(
    charts.matrix(a.gradient, rows, cols, t("Gradient × input"), t("output piece"), t("source piece"), "x·∂log p/∂x"),
    c3,
)
view.show(
    charts.matrix(a.leave_one_out, rows, cols, t("Leave one out: fall in log-probability"), t("output piece"),
                  t("source piece"), t("nats")),
    c4,
)  # fmt: skip
st.caption(
    t(
        "attribution.rollout_abnar_zuidema_2020",
        share=float(np.mean(a.source_share)),
        language=state.languages()[1],
    )
)
if np.isnan(a.leave_one_out).all():
    st.info(t("Leave one out needs at least two source pieces: hiding the only one leaves nothing to attend to."))

st.subheader(t("One output piece"))
step = view.pick_token(a.output, key="attr_step", label=t("Output piece"))


def share(row: np.ndarray) -> np.ndarray:
    total = np.abs(row).sum()
    return row / total if total > 0 else row


view.show(
    charts.compare_bars(
        a.source,
        {MEASURE_NAMES[m]: share(a.measure(m)[step]) for m in MEASURES},
        t("What mattered for “{piece}”, by each measure", piece=a.output[step]),
        t("share of the row's total"),
    ),
    key="attr_bars",
)
st.caption(t("Each measure's row divided by its total size, so the four fit one axis; gradient × input as its size."))


def in_words(tau: float) -> str:
    if np.isnan(tau):
        return t("undefined")
    size = abs(tau)
    word = t("strong") if size >= 0.6 else t("moderate") if size >= 0.3 else t("weak") if size >= 0.1 else t("none")
    return word + (t(", opposite") if tau <= -0.1 else "")


st.subheader(t("Do they agree? Kendall's τ"))
st.caption(
    t(
        "τ = 1: two measures rank the source pieces in the same order; 0: unrelated orders; −1: reversed. Per "
        "output piece over the source pieces, then averaged over the output pieces."
    )
)
agreement = a.agreement()
step_tau = {pair: a.tau(*pair)[step] for pair in agreement}
st.dataframe(
    {
        t("measures"): [f"{MEASURE_NAMES[x]} ~ {MEASURE_NAMES[y]}" for x, y in agreement],
        t("mean τ"): [round(v, 3) for v in agreement.values()],
        t("agreement"): [in_words(v) for v in agreement.values()],
        t("τ for “{piece}”", piece=a.output[step]): [round(float(v), 3) for v in step_tau.values()],
    },
    hide_index=True,
)
tau_loo = agreement[("attention", "leave-one-out")]
st.markdown(
    t(
        "attribution.on_this_sentence_the",
        word=in_words(tau_loo),
        tau=tau_loo,
        rollout=agreement[("rollout", "leave-one-out")],
    )
)
