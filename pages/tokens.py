"""Tokens & embeddings: pieces and ids, embedding vectors, the sqrt(d_model) scaling, positional encoding."""

import numpy as np
import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state, view
from ui.i18n import t

state.start_page(t("Tokens & embeddings"))
st.caption(
    t(
        "Before any attention happens, text becomes pieces, pieces become ids, ids become vectors, and the "
        "position of each piece is added in."
    )
)
tr = state.current_trace()
D = tr.src.token.shape[1]

quiz.check_yourself(quiz_q.piece_count(tr), "quiz_tokens")
st.subheader(t("1 · Sentencepiece splits the text into pieces"))
st.markdown(
    t(
        "One vocabulary serves {source} and {target}. `▁` marks the start of a word; a word the vocabulary "
        "does not hold whole is split into smaller pieces; `<unk>` stands for characters it has never seen.",
        source=state.languages()[0],
        target=state.languages()[1],
    )
)
source_language, target_language = state.languages()
SIDES = {
    "source": t("{language} source (encoder input)", language=source_language),
    "target": t("{language} target (decoder input)", language=target_language),
}
side = st.radio(t("Side"), list(SIDES), format_func=SIDES.get, horizontal=True, key="tok_side")
emb = tr.src if side == "source" else tr.tgt
st.dataframe(
    {t("position"): list(range(len(emb.pieces))), t("piece"): list(emb.pieces), "id": list(emb.ids)},
    hide_index=True,
    height=min(400, 38 + 35 * len(emb.pieces)),
)

st.subheader(t("2 · Each id looks up a vector, scaled by √d_model"))
positional = tr.config.positional  # what this model adds, drawn as it ran
st.latex(r"x_i = E[\mathrm{id}_i]\cdot\sqrt{d_{model}}" + ("" if positional == "none" else " + PE_i"))
st.markdown(
    t(
        "tokens.the_embedding_matrix_e",
        D=D,
        scale=emb.scale,
    )
)
pos = view.bound(
    st.select_slider,
    t("Piece"),
    list(range(len(emb.pieces))),
    "query",
    "tok_pos",
    format_func=lambda i: f"{i}: {emb.pieces[i]}",
)
c1, c2 = st.columns(2)
view.show(
    charts.vector(emb.token[pos], t("E[{id}]: embedding of '{piece}'", id=emb.ids[pos], piece=emb.pieces[pos])), c1
)
view.show(charts.vector(emb.scaled[pos], f"× √{D} = {emb.scale:.2f}"), c2, name="scaled-embedding")
if positional != "none":  # a model without positions adds nothing: no empty chart
    view.show(charts.vector(emb.positional[pos], t("PE at position {pos}", pos=pos)), c1)
view.show(charts.vector(emb.summed[pos], t("sum: the vector that enters layer 1")), c2)
st.caption(
    t(
        "Norms: embedding {a:.2f}, scaled {b:.2f}, positional {c:.2f}, sum {d:.2f}.",
        a=np.linalg.norm(emb.token[pos]),
        b=np.linalg.norm(emb.scaled[pos]),
        c=np.linalg.norm(emb.positional[pos]),
        d=np.linalg.norm(emb.summed[pos]),
    )
)

rows = [f"{i}: {p}" for i, p in enumerate(emb.pieces)]
if positional == "none":
    st.subheader(t("3 · No positional encoding"))
    st.info(
        t(
            "This model adds nothing for position: the first layer sees the same vector for a piece wherever it "
            "stands, so the encoder reads the sentence as an unordered bag of pieces."
        )
    )
else:
    if positional == "sinusoidal":
        st.subheader(t("3 · Sinusoidal positional encoding"))
        st.latex(
            r"PE_{(pos,2i)}=\sin\!\left(pos/10000^{2i/d_{model}}\right)\quad "
            r"PE_{(pos,2i+1)}=\cos\!\left(pos/10000^{2i/d_{model}}\right)"
        )
        default_dims = [d for d in (0, 1, 8, 9, 64, 65) if d < D]
    elif positional == "sinusoidal_halves":
        st.subheader(t("3 · Sinusoidal positional encoding, sines first, then cosines"))
        st.latex(
            r"PE_{(pos,i)}=\sin\!\left(pos/10000^{2i/d_{model}}\right)\quad "
            r"PE_{(pos,\,d_{model}/2+i)}=\cos\!\left(pos/10000^{2i/d_{model}}\right)\quad i<d_{model}/2"
        )
        st.caption(
            t(
                "The paper's waves, laid out as two halves instead of interleaved (as Marian and fairseq do): "
                "dimension i and dimension d_model/2 + i share one frequency."
            )
        )
        default_dims = [d for d in (0, 1, 8, D // 2, D // 2 + 1, D // 2 + 8) if d < D]
    else:
        st.subheader(t("3 · Learned positional encoding"))
        st.caption(t("One vector per position, trained with the rest of the model: no formula, just numbers."))
        default_dims = [d for d in (0, 1, 2, 3) if d < D]
    view.show(
        charts.matrix(
            emb.positional,
            rows,
            None,
            t("PE: positions (rows) × dimensions (columns)"),
            t("position"),
            t("dimension"),
        )
    )
    dims = st.multiselect(t("Dimensions to plot as curves"), list(range(D)), default=default_dims)
    series = {t("dim {d}", d=d): (list(range(len(emb.pieces))), emb.positional[:, d]) for d in dims}
    view.show(
        charts.lines(
            series,
            t("Low dimensions oscillate fast, high ones slowly")
            if positional == "sinusoidal"
            else t("PE values by position"),
            t("position"),
            t("PE value"),
        )
    )
    view.show(
        charts.matrix(
            explain.position_similarity(emb.positional),
            rows,
            rows,
            t("Cosine similarity of positional encodings: nearby positions look alike")
            if positional != "learned"
            else t("Cosine similarity of positional encodings"),
            t("position"),
            t("position"),
            t("cosine"),
        )
    )

st.subheader(t("4 · The sum that enters the first layer"))
view.show(
    charts.matrix(
        emb.summed,
        rows,
        None,
        t("token embedding × √d_model + PE (rows are pieces)")
        if positional != "none"
        else t("token embedding × √d_model (rows are pieces)"),
        t("piece"),
        t("dimension"),
    )
)
