"""Tokens & embeddings: pieces and ids, embedding vectors, the sqrt(d_model) scaling, positional encoding."""

import numpy as np
import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state

st.title("Tokens & embeddings")
st.caption(
    "Before any attention happens, text becomes pieces, pieces become ids, ids become vectors, and the "
    "position of each piece is added in."
)
tr = state.current_trace()
D = tr.src.token.shape[1]

quiz.check_yourself(quiz_q.piece_count(tr), "quiz_tokens")
st.subheader("1 · Sentencepiece splits the text into pieces")
st.markdown(
    "One joint vocabulary serves English and German. `▁` marks the start of a word; a word the vocabulary "
    "does not hold whole is split into smaller pieces; `<unk>` stands for characters it has never seen."
)
side = st.radio("Side", ["English source (encoder input)", "German target (decoder input)"], horizontal=True)
emb = tr.src if side.startswith("English") else tr.tgt
st.dataframe(
    {"position": list(range(len(emb.pieces))), "piece": list(emb.pieces), "id": list(emb.ids)},
    hide_index=True,
    height=min(400, 38 + 35 * len(emb.pieces)),
)

st.subheader("2 · Each id looks up a vector, scaled by √d_model")
st.latex(r"x_i = E[\mathrm{id}_i]\cdot\sqrt{d_{model}} + PE_i")
st.markdown(
    f"The embedding matrix E is shared by the encoder, the decoder and the output layer. Its rows are small, "
    f"so they are multiplied by √{D} = **{emb.scale:.2f}** to sit on the same scale as the positional encoding."
)
pos = st.select_slider("Piece", options=list(range(len(emb.pieces))), format_func=lambda i: f"{i}: {emb.pieces[i]}")
c1, c2 = st.columns(2)
c1.plotly_chart(charts.vector(emb.token[pos], f"E[{emb.ids[pos]}]: embedding of '{emb.pieces[pos]}'"))
c2.plotly_chart(charts.vector(emb.scaled[pos], f"× √{D} = {emb.scale:.2f}"))
c1.plotly_chart(charts.vector(emb.positional[pos], f"PE at position {pos}"))
c2.plotly_chart(charts.vector(emb.summed[pos], "sum: the vector that enters layer 1"))
st.caption(
    f"Norms: embedding {np.linalg.norm(emb.token[pos]):.2f}, scaled {np.linalg.norm(emb.scaled[pos]):.2f}, "
    f"positional {np.linalg.norm(emb.positional[pos]):.2f}, sum {np.linalg.norm(emb.summed[pos]):.2f}."
)

st.subheader("3 · Sinusoidal positional encoding")
st.latex(
    r"PE_{(pos,2i)}=\sin\!\left(pos/10000^{2i/d_{model}}\right)\quad "
    r"PE_{(pos,2i+1)}=\cos\!\left(pos/10000^{2i/d_{model}}\right)"
)
rows = [f"{i}: {p}" for i, p in enumerate(emb.pieces)]
st.plotly_chart(
    charts.matrix(emb.positional, rows, None, "PE: positions (rows) × dimensions (columns)", "position", "dimension")
)
default_dims = [d for d in (0, 1, 8, 9, 64, 65) if d < D]
dims = st.multiselect("Dimensions to plot as curves", list(range(D)), default=default_dims)
series = {f"dim {d}": (list(range(len(emb.pieces))), emb.positional[:, d]) for d in dims}
st.plotly_chart(charts.lines(series, "Low dimensions oscillate fast, high ones slowly", "position", "PE value"))
st.plotly_chart(
    charts.matrix(
        explain.position_similarity(emb.positional),
        rows,
        rows,
        "Cosine similarity of positional encodings: nearby positions look alike",
        "position",
        "position",
        "cosine",
    )
)

st.subheader("4 · The sum that enters the first layer")
st.plotly_chart(
    charts.matrix(emb.summed, rows, None, "token embedding × √d_model + PE (rows are pieces)", "piece", "dimension")
)
