"""The model: architecture with its real sizes, parameter counts, training curves, scores, data and limits."""

import streamlit as st

from transformer import explain
from ui import charts, state

st.title("The model")
state.init_state()
name = st.session_state.model
try:
    facts = state.get_model_facts(name)
except Exception as e:  # a missing/corrupt checkpoint: say what to run, never a traceback
    st.error(f"The model could not be loaded. {e}")
    st.stop()
cfg, params = facts.config, facts.parameters

st.subheader("Architecture")
st.markdown(
    f"""
| | this model | paper (base) |
|---|---|---|
| d_model (vector width) | {cfg.d_model} | 512 |
| heads h, d_k = d_model / h | {cfg.n_heads}, {cfg.d_k} | 8, 64 |
| encoder layers, decoder layers | {cfg.n_layers}, {cfg.n_layers} | 6, 6 |
| d_ff (feed-forward width) | {cfg.d_ff} | 2048 |
| dropout | {cfg.dropout} | 0.1 |
| vocabulary (joint, sentencepiece) | {cfg.vocab_size:,} | 37,000 (BPE) |
"""
)
st.markdown(
    "Source ids → embedding × √d_model + positional encoding → N × [self-attention → Add & Norm → "
    "feed-forward → Add & Norm] → memory. Target ids → embedding + PE → N × [masked self-attention → Add & Norm "
    "→ cross-attention over the memory → Add & Norm → feed-forward → Add & Norm] → linear (tied to the "
    "embedding) → softmax."
)

st.subheader("Parameters")
names = [k for k in params if k != "total"]
st.plotly_chart(
    charts.bars(
        names,
        [params[k] for k in names],
        f"{params['total']:,} parameters in all",
        "parameters",
        highlight=None,
        value_name="parameters",
    )
)

st.subheader("Training")
m = facts.metrics
if m:
    minutes = explain.minutes_end_to_end(m)  # runs placed end to end, never backwards
    st.plotly_chart(
        charts.lines(
            {"validation loss": (minutes, [r["valid_loss"] for r in m])},
            "Validation loss (cross-entropy per piece)",
            "training minutes (runs end to end)",
            "loss",
        )
    )
    scores = {"chrF": (minutes, [r["valid_chrf"] for r in m]), "BLEU": (minutes, [r["valid_bleu"] for r in m])}
    dev = [r for r in m if "everyday_dev_chrf" in r]  # recorded since the corpus builder (2026-11-25)
    if dev:
        scores["chrF, everyday dev set"] = (
            [x for x, r in zip(minutes, m) if "everyday_dev_chrf" in r],
            [r["everyday_dev_chrf"] for r in dev],
        )
    st.plotly_chart(
        charts.lines(scores, "Greedy BLEU and chrF on the validation sentences", "training minutes", "score")
    )
elif name == state.TOY_MODEL:
    st.info("A toy model, trained in this tab: its curves are on the page **Train one yourself**.")
else:
    st.info("This checkpoint has no metrics.jsonl.")

st.subheader("Model card")
with st.container(border=True):
    st.markdown(facts.card or "No README.md in this checkpoint folder.")
