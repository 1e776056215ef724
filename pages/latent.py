"""Latent space: one-hot ids vs learned embeddings, the map of every piece, nearest pieces, and how a
piece's vector changes with its sentence."""

import numpy as np
import streamlit as st

from transformer import latent
from transformer import quiz as quiz_q
from ui import charts, models, quiz, state, view
from ui.i18n import t

state.start_page(t("Latent space"))
st.markdown(t("latent.an_id_is_just"))
tr = state.current_trace()
langs = state.languages()  # source and target language names
emap = models.get_embedding_map(state.session().model)
src_ids = list(tr.src.ids)
out_ids = [s.chosen_id for s in tr.steps]

st.subheader(t("One-hot vs learned, for your pieces"))
c1, c2 = view.map_columns(2, len(tr.src.pieces))
one_hot = np.equal.outer(src_ids, src_ids).astype(float)
piece_, cosine_ = t("piece"), t("cosine")
view.show(
    charts.attention_map(
        one_hot, tr.src.pieces, tr.src.pieces, t("one-hot: cosine similarity"), piece_, piece_, cosine_
    ),
    c1,
    key="lat_onehot",
)
learned = emap.unit[src_ids] @ emap.unit[src_ids].T
view.show(
    charts.matrix(
        learned, tr.src.pieces, tr.src.pieces, t("learned embedding: cosine similarity"), piece_, piece_, cosine_
    ),
    c2,
    key="lat_learned",
)

st.subheader(t("Every piece of the vocabulary, in two dimensions"))
view.show(
    charts.embedding_scatter(
        emap.coords,
        emap.pieces,
        {
            t("your {language} pieces", language=langs[0]): src_ids,
            t("the {language} output", language=langs[1]): out_ids,
        },
        t(
            "Principal components of the {n:,} × {d} embedding matrix (they keep {a:.1%} and {b:.1%} of its variance)",
            n=len(emap.pieces),
            d=emap.unit.shape[1],
            a=emap.explained[0],
            b=emap.explained[1],
        ),
    ),
    key="lat_map",
)
st.caption(
    t(
        "Two dimensions keep only a few percent of {d}: neighbours on this map are a hint, the cosine list below is "
        "the measurement.",
        d=emap.unit.shape[1],
    )
)

st.subheader(t("Nearest pieces"))
other = st.session_state.get("lat_other") or models.second_sentence(state.session().model, tr.source)
tb = models.trace_or_none(state.session().model, other)
shared = [i for i, s in enumerate(src_ids) if tb is not None and s in tb.src.ids]
if "lat_pos" not in st.session_state and "query" not in st.session_state.get("view", {}) and shared:
    # start on a word the second sentence below also has (the longest: not a full stop or "the")
    st.session_state.lat_pos = max(shared, key=lambda i: len(tr.src.pieces[i]))
    st.session_state.setdefault("view", {})["query"] = str(st.session_state.lat_pos)
pos = view.pick_token(tr.src.pieces, "lat_pos", t("{language} piece", language=langs[0]))
near = latent.nearest(emap, src_ids[pos], k=10)
distractors = [p for p, _ in near[3::3]]  # close too, but less so: not the odd one out of the sentence's pieces
quiz.check_yourself(quiz_q.nearest_piece(tr, pos, near, distractors), f"quiz_latent_{pos}")
view.show(
    charts.bars(
        [p for p, _ in near],
        [c for _, c in near],
        t("closest to “{piece}” by cosine", piece=tr.src.pieces[pos]),
        t("cosine similarity"),
        highlight=None,
        value_name=cosine_,
    ),
    key="lat_near",
)

st.subheader(t("The same piece in another sentence"))
st.markdown(t("latent.the_embedding_is_the"))
st.text_input(t("Second sentence"), other, key="lat_other")
d = latent.drift(tr, tb, pos) if tb is not None else None
if d is None:
    st.info(
        t(
            "The second sentence does not contain the piece “{piece}”: pick another piece or change it.",
            piece=tr.src.pieces[pos],
        )
    )
else:
    layers = [t("input (E·√d + PE)")] + [t("after layer {n}", n=i + 1) for i in range(len(d.cosine) - 1)]
    view.show(
        charts.lines(
            {t("cosine similarity"): (layers, d.cosine)},
            t("“{piece}” at position {a} here and {b} there", piece=d.piece, a=d.positions[0], b=d.positions[1]),
            t("where in the encoder"),
            t("cosine similarity of the two vectors"),
        ),
        key="lat_drift",
    )
    st.caption(
        t(
            "At the input the two vectors differ only by their positional encodings; each layer adds context, so the "
            "same piece moves apart: cosine {a:.2f} at the input, {b:.2f} after the last layer.",
            a=d.cosine[0],
            b=d.cosine[-1],
        )
    )
