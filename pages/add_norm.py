"""Add & Norm: the residual connection around every sublayer and the LayerNorm after it."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, quiz, state, view
from ui.i18n import md, t

state.start_page(t("Add & Norm"))
tr = state.current_trace()
if not tr.config.norm_first:
    st.markdown(
        t(
            "Every sublayer (self-attention, cross-attention, feed-forward) is wrapped the same way: its input **x** "
            "is added back to its output (the *residual connection*, so a layer only has to learn a correction and "
            "gradients reach the early layers), then **LayerNorm** rescales each position's vector to mean 0 and "
            "standard deviation 1 and applies a learned scale γ and shift β per dimension:  \n"
            "**LayerNorm(x + Sublayer(x))**, with LayerNorm(v) = γ ⊙ (v − mean(v)) / √(var(v) + ε) + β.  \n"
            "This is the paper's *post-norm* order, which this model uses; many later models and tutorials use "
            "*pre-norm*, x + Sublayer(LayerNorm(x)) (try it on the page *Train one yourself*)."
        )
    )
else:
    st.markdown(
        t(
            "This model is **pre-norm**: LayerNorm runs on each sublayer's *input*, and the sum is passed on as it "
            "is:  \n**x + Sublayer(LayerNorm(x))**, with LayerNorm(v) = γ ⊙ (v − mean(v)) / √(var(v) + ε) + β.  \n"
            "The residual stream x itself is never normalised inside the stack, so its scale can grow from layer "
            "to layer; one more LayerNorm at the end of each stack normalises what leaves it. The paper's "
            "*post-norm* order is LayerNorm(x + Sublayer(x))."
        )
    )
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
pos = state.pick_token(pieces, "an_pos", t("Piece"))
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
        "Before γ and β the normalised vector has mean {mean:.1e} and standard deviation {std:.3f}; γ and β, "
        "learned in training, then move each dimension away from that on purpose. All four rows are the vectors "
        "the translating pass computed.",
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
            "In a pre-norm model the residual stream leaves the last layer un-normalised, so each stack ends with "
            "one more LayerNorm: the encoder's output becomes the memory, the decoder's is what the output layer "
            "reads. For piece {pos} “{piece}”:",
            pos=pos,
            piece=md(pieces[pos]),
        )
    )
    f1, f2, f3, f4 = st.columns(4)
    f1.metric(t("mean before"), f"{before[pos].mean():.3f}")
    f2.metric(t("std before"), f"{before[pos].std():.3f}")
    f3.metric(t("mean after LayerNorm"), f"{after[pos].mean():.3f}")
    f4.metric(t("std after LayerNorm"), f"{after[pos].std():.3f}")
