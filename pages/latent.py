"""Latent space: one-hot ids vs learned embeddings, the map of every piece, nearest pieces, and how a
piece's vector changes with its sentence."""

import numpy as np
import streamlit as st

from transformer import latent
from transformer import quiz as quiz_q
from ui import charts, quiz, state

st.title("Latent space")
st.markdown(
    "An id is just a row number: as a **one-hot** vector (all zeros but a single 1) every piece is equally far from "
    "every other. The **learned** embedding is a row of the matrix E that training shaped, so pieces used alike end "
    "up close together. Similarity here is the cosine of the angle between two vectors (after removing the direction "
    "all rows share)."
)
tr = state.current_trace()
emap = state.get_embedding_map(st.session_state.model)
src_ids = list(tr.src.ids)
out_ids = [s.chosen_id for s in tr.steps]

st.subheader("One-hot vs learned, for your pieces")
c1, c2 = state.map_columns(2, len(tr.src.pieces))
one_hot = np.equal.outer(src_ids, src_ids).astype(float)
c1.plotly_chart(
    charts.attention_map(
        one_hot, tr.src.pieces, tr.src.pieces, "one-hot: cosine similarity", "piece", "piece", "cosine"
    ),
    key="lat_onehot",
)
learned = emap.unit[src_ids] @ emap.unit[src_ids].T
c2.plotly_chart(
    charts.matrix(
        learned, tr.src.pieces, tr.src.pieces, "learned embedding: cosine similarity", "piece", "piece", "cosine"
    ),
    key="lat_learned",
)

st.subheader("Every piece of the vocabulary, in two dimensions")
st.plotly_chart(
    charts.embedding_scatter(
        emap.coords,
        emap.pieces,
        {"your English pieces": src_ids, "the German output": out_ids},
        f"Principal components of the {len(emap.pieces):,} × {emap.unit.shape[1]} embedding matrix "
        f"(they keep {emap.explained[0]:.1%} and {emap.explained[1]:.1%} of its variance)",
    ),
    key="lat_map",
)
st.caption(
    "Two dimensions keep only a few percent of 256: neighbours on this map are a hint, the cosine list below is "
    "the measurement."
)

st.subheader("Nearest pieces")
other = st.session_state.get("lat_other", "I left the money at the bank.")
tb = state.trace_of(other)
shared = [i for i, t in enumerate(src_ids) if tb is not None and t in tb.src.ids]
if "lat_pos" not in st.session_state and shared:
    # start on a word the second sentence below also has (the longest: not a full stop or "the")
    st.session_state.lat_pos = max(shared, key=lambda i: len(tr.src.pieces[i]))
pos = state.pick_token(tr.src.pieces, "lat_pos", "English piece")
near = latent.nearest(emap, src_ids[pos], k=10)
distractors = [p for i, p in enumerate(tr.src.pieces) if i != pos and p != near[0][0]]
quiz.check_yourself(quiz_q.nearest_piece(tr, pos, near, distractors), f"quiz_latent_{pos}")
st.plotly_chart(
    charts.bars(
        [p for p, _ in near],
        [c for _, c in near],
        f"closest to “{tr.src.pieces[pos]}” by cosine",
        "cosine similarity",
        highlight=None,
        value_name="cosine",
    ),
    key="lat_near",
)

st.subheader("The same piece in another sentence")
st.markdown(
    "The embedding is the same row wherever a piece appears; the encoder's layers then mix in the rest of the "
    "sentence. Pick a piece above, give a second sentence that contains it, and compare its two vectors at the "
    "encoder's input and after each layer."
)
st.text_input("Second sentence", other, key="lat_other")
d = latent.drift(tr, tb, pos) if tb is not None else None
if d is None:
    st.info(f"The second sentence does not contain the piece “{tr.src.pieces[pos]}”: pick another piece or change it.")
else:
    layers = ["input (E·√d + PE)"] + [f"after layer {i + 1}" for i in range(len(d.cosine) - 1)]
    st.plotly_chart(
        charts.lines(
            {"cosine similarity": (layers, d.cosine)},
            f"“{d.piece}” at position {d.positions[0]} here and {d.positions[1]} there",
            "where in the encoder",
            "cosine similarity of the two vectors",
        ),
        key="lat_drift",
    )
    st.caption(
        "At the input the two vectors differ only by their positional encodings; each layer adds context, so the "
        f"same piece moves apart: cosine {d.cosine[0]:.2f} at the input, {d.cosine[-1]:.2f} after the last layer."
    )
