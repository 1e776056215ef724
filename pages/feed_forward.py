"""The position-wise feed-forward network: the same two-layer MLP applied to every piece on its own."""

import streamlit as st

from transformer import quiz as quiz_q
from transformer.text import msg
from ui import charts, quiz, state, view
from ui.i18n import md, t

# the activation the model ran (ModelConfig.activation): its name on the charts and its formula
ACT = {"relu": "ReLU", "swish": "swish", "gelu": "GELU"}

state.start_page(t("Feed-forward network"))
tr = state.current_trace()
if tr.config.activation == "relu":
    st.markdown(t("feed_forward.after_attention_has_mixed_2"))
else:
    st.markdown(
        t(
            "feed_forward.after_attention_has_mixed",
            name=ACT[tr.config.activation],
            formula="z · σ(z)" if tr.config.activation == "swish" else "z · Φ(z)",
        )
    )
act = ACT[tr.config.activation]
hidden_name = f"{act}(x W₁ + b₁)"
c1, c2 = st.columns(2)
side = c1.radio(t("Stack"), ["encoder", "decoder"], format_func=t, horizontal=True, key="ff_side")
layers = tr.encoder if side == "encoder" else tr.decoder
layer = view.layer_widget(len(layers), "ff_layer", c2)
ffn = layers[layer].ffn
pieces = tr.src.pieces if side == "encoder" else tr.tgt.pieces
d_model, d_ff = ffn.x.shape[1], ffn.pre.shape[1]
pos = view.pick_token(pieces, "ff_pos", t("Piece"))
where = msg("{side} layer {n}", side=msg(side), n=layer + 1)

quiz.check_yourself(quiz_q.relu_share(ffn, pieces[pos], pos, where), "quiz_ffn")
st.subheader(t("Piece {pos} “{piece}”: {a} → {b} → {a}", pos=pos, piece=md(pieces[pos]), a=d_model, b=d_ff))
view.show(
    charts.vectors(
        {"x W₁ + b₁": ffn.pre[pos], hidden_name: ffn.hidden[pos]},
        t("The {d_ff}-wide hidden layer of {side} layer {n}", d_ff=d_ff, side=t(side), n=layer + 1),
    ),
    key="ff_hidden",
)
if tr.config.activation == "relu":
    share = ffn.zero_share
    st.metric(t("hidden units ReLU set to zero for this piece"), f"{share[pos]:.1%}")
else:
    share = ffn.negative_share
    st.metric(t("hidden units with a negative input, shrunk toward zero, for this piece"), f"{share[pos]:.1%}")
view.show(
    charts.vectors({t("input x"): ffn.x[pos], "FFN(x)": ffn.out[pos]}, t("In and out ({d} dimensions)", d=d_model)),
    key="ff_io",
)

st.subheader(t("Same weights at every position"))
other = st.selectbox(
    t("Compare with piece"),
    list(range(len(pieces))),
    index=min(1, len(pieces) - 1),
    format_func=lambda i: f"{i}: {pieces[i]}",
    key="ff_other",
)
a, b = st.columns(2)
for col, p in ((a, pos), (b, other)):
    view.show(
        charts.vectors(
            {hidden_name: ffn.hidden[p]},
            t("{p}: “{piece}” ({z:.0%} zeros)", p=p, piece=pieces[p], z=share[p])
            if tr.config.activation == "relu"
            else t("{p}: “{piece}” ({z:.0%} negative inputs)", p=p, piece=pieces[p], z=share[p]),
        ),
        col,
        key=f"ff_side_{p}_{col is a}",
    )
st.caption(
    t(
        "The same W₁, b₁, W₂, b₂ are applied to both pieces; only their input vectors differ, so their hidden "
        "patterns differ. Share of zeros by position: "
    )
    + ", ".join(f"{i}:{pieces[i]} {z:.0%}" for i, z in enumerate(share))
)
