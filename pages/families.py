"""Three families of Transformers and why attention replaced recurrence, drawn over the user's pieces."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state, view
from ui.i18n import t

state.start_page(t("Families, and why attention"))
tr = state.current_trace()
langs = state.languages()  # source and target language names
m = explain.family_masks(tr)
src, tgt = tr.src.pieces, tr.tgt.pieces

st.subheader(t("Three families, three ways to mask"))
st.markdown(
    t(
        "The same attention layer becomes three kinds of model depending on **who may attend to whom**. "
        "Dark cells: the query (row) may attend to the key (column). All drawn over your sentence's pieces."
    )
)
c1, c2 = view.map_columns(2, len(src) + len(tgt))
view.show(
    charts.mask_map(m.encoder_only, src, src, t("Encoder-only (e.g. BERT): every piece sees every piece")),
    c1,
    key="fam_encoder",
)
c1.caption(t("Good for understanding a text (classify, tag, search); it does not generate text piece by piece."))
both = list(src) + list(tgt)
view.show(
    charts.mask_map(
        m.decoder_only, both, both, t("Decoder-only (e.g. GPT): one stream, each piece sees only earlier ones")
    ),
    c2,
    key="fam_decoder",
)
c2.caption(
    t(
        "{source} and {target} as one sequence: the prompt and the continuation share one causal mask; generation "
        "appends one piece at a time.",
        source=state.languages()[0],
        target=state.languages()[1],
    )
)
st.markdown(t("**Encoder-decoder (this model; T5, the original Transformer)**: three masks, read from your run."))
e1, e2, e3 = view.map_columns(3, max(len(src), len(tgt)))
view.show(charts.mask_map(m.encoder_self, src, src, t("encoder self-attention: full")), e1, key="fam_es")
view.show(charts.mask_map(m.decoder_self, tgt, tgt, t("decoder self-attention: causal")), e2, key="fam_ds")
view.show(
    charts.mask_map(
        m.cross,
        tgt,
        src,
        t("cross-attention: {target} queries, {source} keys", source=langs[0], target=langs[1]),
        row_title=t("query ({language})", language=langs[1]),
        col_title=t("key ({language})", language=langs[0]),
    ),
    e3,
    key="fam_cross",
)

st.subheader(t("Why attention replaced recurrence"))
quiz.check_yourself(quiz_q.rnn_steps(tr), "quiz_rnn")
n, layers = len(src), len(tr.encoder)
r = explain.recurrence(n, layers)
st.markdown(
    t(
        "families.a_recurrent_network_rnn",
        n=n,
        att=r.attention_sequential,
        rnn=r.rnn_sequential,
        layers=layers,
    )
)
a, b = view.map_columns(2, n)
view.show(
    charts.counts_map(r.attention_path, src, t("Self-attention: steps between pieces"), zmax=float(n - 1)),
    a,
    key="fam_att",
)
view.show(charts.counts_map(r.rnn_path, src, t("RNN: steps between pieces"), zmax=float(n - 1)), b, key="fam_rnn")
st.caption(
    t(
        "The price: every piece attends to every piece, so one layer costs n² comparisons ({n}² = {nn} here) "
        "where an RNN costs n; for sentences that is cheap, and the parallel work suits GPUs.",
        n=n,
        nn=n * n,
    )
)
