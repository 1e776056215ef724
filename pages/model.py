"""The model: architecture with its real sizes, parameter counts, training curves, scores, data and limits."""

import streamlit as st

from transformer import explain
from ui import charts, models, state, view
from ui.i18n import code as md_code
from ui.i18n import lang, t

ACTIVATION = {"relu": "ReLU", "swish": "swish (z·σ(z))", "gelu": "GELU"}
POSITIONS = {
    "sinusoidal": "sinusoids, sin and cos interleaved",
    "sinusoidal_halves": "sinusoids, sines then cosines",
    "learned": "learned, one vector a position",
    "none": "none",
}

state.start_page(t("The model"))
name = state.session().model
try:
    facts = models.get_model_facts(name)
except Exception as e:  # a missing/corrupt checkpoint: say what to run, never a traceback
    st.error(t("The model could not be loaded.") + " " + state.error_text(e))
    view.stop()
cfg, params = facts.config, facts.parameters

st.subheader(t("Architecture"))
st.markdown(
    f"""
| | {t("this model")} | {t("paper (base)")} |
|---|---|---|
| {t("d_model (vector width)")} | {cfg.d_model} | 512 |
| {t("heads h, d_k = d_model / h")} | {cfg.n_heads}, {cfg.d_k} | 8, 64 |
| {t("encoder layers, decoder layers")} | {cfg.n_layers}, {cfg.n_layers} | 6, 6 |
| {t("d_ff (feed-forward width)")} | {cfg.d_ff} | 2048 |
| dropout | {cfg.dropout} | 0.1 |
| {t("vocabulary (pieces)")} | {cfg.vocab_size:,} | 37,000 (BPE) |
| {t("feed-forward activation")} | {ACTIVATION[cfg.activation]} | ReLU |
| {t("positional encoding")} | {t(POSITIONS[cfg.positional])} | {t(POSITIONS["sinusoidal"])} |
| {t("Add & Norm")} | {t("pre-norm") if cfg.norm_first else t("post-norm")} | {t("post-norm")} |
| {t("bias on the output logits")} | {t("yes") if cfg.output_bias else t("no")} | {t("no")} |
| {t("decoding starts from")} | `{md_code(facts.start_piece)}` | `<s>` |
"""
)
st.markdown(t("model.source_ids_embedding_d"))

st.subheader(t("Parameters"))
names = [k for k in params if k != "total"]
view.show(
    charts.bars(
        [t(k) for k in names],
        [params[k] for k in names],
        t("{n:,} parameters in all", n=params["total"]),
        t("parameters"),
        highlight=None,
        value_name=t("parameters"),
    )
)

st.subheader(t("Training"))
m = facts.metrics
if m:
    minutes = explain.minutes_end_to_end(m)  # runs placed end to end, never backwards
    view.show(
        charts.lines(
            {t("validation loss"): (minutes, [r["valid_loss"] for r in m])},
            t("Validation loss (cross-entropy per piece)"),
            t("training minutes (runs end to end)"),
            t("loss"),
        )
    )
    scores = {"chrF": (minutes, [r["valid_chrf"] for r in m]), "BLEU": (minutes, [r["valid_bleu"] for r in m])}
    dev = [r for r in m if "everyday_dev_chrf" in r]  # recorded since the corpus builder (2026-11-25)
    if dev:
        scores[t("chrF, everyday dev set")] = (
            [x for x, r in zip(minutes, m) if "everyday_dev_chrf" in r],
            [r["everyday_dev_chrf"] for r in dev],
        )
    view.show(
        charts.lines(scores, t("Greedy BLEU and chrF on the validation sentences"), t("training minutes"), t("score"))
    )
elif not models.active(name).shared:
    st.info(t("A toy model, trained in this tab: its curves are on the page **Train one yourself**."))
else:
    st.info(t("This checkpoint has no metrics.jsonl."))

st.subheader(t("About this model"))
if lang() != "en" and facts.card:
    st.caption(t("The model card is the checkpoint's own README.md, written in English."))
if facts.summary:
    with st.container(border=True):
        st.markdown(facts.summary)
if facts.card:
    with st.expander(t("The whole model card, written for the people who train the model")):
        st.markdown(facts.card)
else:
    st.info(t("No README.md in this checkpoint folder."))
