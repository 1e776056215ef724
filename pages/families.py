"""Three families of Transformers and why attention replaced recurrence, drawn over the user's pieces."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state

st.title("Families, and why attention")
tr = state.current_trace()
m = explain.family_masks(tr)
src, tgt = tr.src.pieces, tr.tgt.pieces

st.subheader("Three families, three ways to mask")
st.markdown(
    "The same attention layer becomes three kinds of model depending on **who may attend to whom**. "
    "Dark cells: the query (row) may attend to the key (column). All drawn over your sentence's pieces."
)
c1, c2 = state.map_columns(2, len(src) + len(tgt))
c1.plotly_chart(
    charts.mask_map(m.encoder_only, src, src, "Encoder-only (e.g. BERT): every piece sees every piece"),
    key="fam_encoder",
)
c1.caption("Good for understanding a text (classify, tag, search); it does not generate text piece by piece.")
both = list(src) + list(tgt)
c2.plotly_chart(
    charts.mask_map(
        m.decoder_only, both, both, "Decoder-only (e.g. GPT): one stream, each piece sees only earlier ones"
    ),
    key="fam_decoder",
)
c2.caption(
    "English and German as one sequence: the prompt and the continuation share one causal mask; generation "
    "appends one piece at a time."
)
st.markdown("**Encoder-decoder (this model; T5, the original Transformer)**: three masks, read from your run.")
e1, e2, e3 = state.map_columns(3, max(len(src), len(tgt)))
e1.plotly_chart(charts.mask_map(m.encoder_self, src, src, "encoder self-attention: full"), key="fam_es")
e2.plotly_chart(charts.mask_map(m.decoder_self, tgt, tgt, "decoder self-attention: causal"), key="fam_ds")
e3.plotly_chart(
    charts.mask_map(
        m.cross,
        tgt,
        src,
        "cross-attention: German queries, English keys",
        row_title="query (German)",
        col_title="key (English)",
    ),
    key="fam_cross",
)

st.subheader("Why attention replaced recurrence")
quiz.check_yourself(quiz_q.rnn_steps(tr), "quiz_rnn")
n, layers = len(src), len(tr.encoder)
r = explain.recurrence(n, layers)
st.markdown(
    "A recurrent network (RNN) reads a sentence one piece at a time, passing a hidden state along: information "
    f"from piece *j* reaches piece *i* only after |i − j| steps, and the {n} pieces of your sentence take {n} "
    f"steps one after another in each layer. Self-attention connects every pair of pieces in **one** step and "
    f"handles all {n} positions at once, so the encoder needs **{r.attention_sequential}** sequential steps (one per "
    f"layer) instead of **{r.rnn_sequential}** ({n} pieces × {layers} layers)."
)
a, b = state.map_columns(2, n)
a.plotly_chart(
    charts.counts_map(r.attention_path, src, "Self-attention: steps between pieces", zmax=float(n - 1)), key="fam_att"
)
b.plotly_chart(charts.counts_map(r.rnn_path, src, "RNN: steps between pieces", zmax=float(n - 1)), key="fam_rnn")
st.caption(
    "The price: every piece attends to every piece, so one layer costs n² comparisons "
    f"({n}² = {n * n} here) where an RNN costs n; for sentences that is cheap, and the parallel work suits GPUs."
)
