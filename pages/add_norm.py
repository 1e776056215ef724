"""Add & Norm: the residual connection around every sublayer and the LayerNorm after it."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state, view
from ui.i18n import md, t

state.start_page(t("Add & Norm"))
tr = state.current_trace()
if not tr.config.norm_first:
    st.markdown(t("add_norm.every_sublayer_self_attention"))
else:
    st.markdown(t("add_norm.this_model_is_pre"))
c1, c2, c3 = st.columns(3)
side = c1.radio(t("Stack"), ["encoder", "decoder"], format_func=t, horizontal=True, key="an_side")
layers = tr.encoder if side == "encoder" else tr.decoder
layer = view.layer_widget(len(layers), "an_layer", c2)
residuals = layers[layer].residuals
which = c3.selectbox(
    t("Sublayer"), list(range(len(residuals))), format_func=lambda i: t(residuals[i].sublayer), key="an_sublayer"
)
res = residuals[which]
pieces = tr.src.pieces if side == "encoder" else tr.tgt.pieces
pos = view.pick_token(pieces, "an_pos", t("Piece"))
s = explain.norm_stats(res, pos)

quiz.check_yourself(quiz_q.layer_norm_mean(res, pieces[pos], pos), "quiz_norm")
view.show(
    charts.vectors(
        {t(name): v for name, v in s.vectors.items()},
        t(
            "{side} layer {n}, {sublayer}, piece {pos} “{piece}”",
            side=t(side),
            n=layer + 1,
            sublayer=t(res.sublayer),
            pos=pos,
            piece=pieces[pos],
        ),
    ),
    key="an_vectors",
)
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("mean of x") if res.norm_first else t("mean of x + Sublayer(x)"), f"{s.mean:.3f}")
m2.metric(t("its standard deviation"), f"{s.std:.3f}")
m3.metric(t("mean after LayerNorm"), f"{s.out_mean:.3f}")
m4.metric(t("std after LayerNorm"), f"{s.out_std:.3f}")
st.caption(
    t(
        "add_norm.before_and_the_normalised",
        mean=s.normed.mean(),
        std=s.normed.std(),
    )
)
view.show(
    charts.vectors({t("γ (scale)"): res.gamma, t("β (shift)"): res.beta}, t("LayerNorm's learned γ and β"), t("value")),
    key="an_gamma",
)

if tr.final_norms is not None:  # pre-norm: each stack ends with one more LayerNorm
    fn = tr.final_norms
    before, after = (fn.encoder_in, fn.encoder_out) if side == "encoder" else (fn.decoder_in, fn.decoder_out)
    st.subheader(t("The {side} stack's final LayerNorm", side=t(side)))
    st.markdown(
        t(
            "add_norm.in_a_pre_norm",
            pos=pos,
            piece=md(pieces[pos]),
        )
    )
    f1, f2, f3, f4 = st.columns(4)
    f1.metric(t("mean before"), f"{before[pos].mean():.3f}")
    f2.metric(t("std before"), f"{before[pos].std():.3f}")
    f3.metric(t("mean after LayerNorm"), f"{after[pos].mean():.3f}")
    f4.metric(t("std after LayerNorm"), f"{after[pos].std():.3f}")
