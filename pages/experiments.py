"""Experiments: change the real model and watch the real translation respond."""

import streamlit as st

from transformer.experiments import all_heads, head_label
from transformer.trace import KINDS
from ui import charts, state

st.title("Experiments on the model")
st.markdown(
    "Maps show where attention goes; they do not show what the translation *needs*. Here you change the model "
    "and translate again. Every result is a real run of the model with your change, beside the real run without it."
)
tr = state.current_trace()
name, text = st.session_state.model, st.session_state.sentence
L, h = len(tr.encoder), tr.encoder[0].self_attn.n_heads

st.subheader("Switch heads off")
st.caption(
    "A switched-off head still computes its attention, but its output is replaced by zeros before W_O, so it "
    "adds nothing to its layer. The new translation is decoded greedily with the heads off."
)
off = st.multiselect(
    "Heads to switch off",
    all_heads(L, h),
    format_func=head_label,
    key="exp_off",
    placeholder="pick heads, e.g. from the ranking below",
)
ab = state.get_ablation(name, text, tuple(off))
c1, c2 = st.columns(2)
c1.markdown("**Every head on**")
c1.code(tr.translation or "(empty)", language=None, wrap_lines=True)
c2.markdown(f"**{len(off)} head{'s' if len(off) != 1 else ''} off**")
c2.code(ab.trace.translation or "(empty)", language=None, wrap_lines=True)
if not off:
    st.info("No head is off yet: both translations are the same run.")
elif ab.same:
    st.success("The translation did not change: the model did not need these heads for this sentence.")
else:
    edits = [f"`{' '.join(a) or '(nothing)'}` → `{' '.join(b) or '(nothing)'}`" for a, b in ab.edits]
    st.warning("The translation changed: " + "; ".join(edits))
st.plotly_chart(
    charts.compare_bars(
        ab.original,
        {"every head on": ab.original_probs, "with the heads off": ab.ablated_probs},
        "Probability of each piece of the original translation (given the original pieces before it)",
        "probability",
    ),
    key="exp_probs",
)

st.subheader("Which heads does this translation need?")
st.caption(
    "Each head switched off alone, one run each: how much the log-probability of the original translation falls "
    "(nats; 0 = not needed, larger = needed more; below 0 = the translation became more likely)."
)
if st.toggle("Rank every head", key="exp_rank", help=f"{3 * L * h} runs of the model, batched"):
    with st.spinner(f"Switching off each of {3 * L * h} heads in turn…"):
        ranking = state.get_ranking(name, text)
    st.plotly_chart(
        charts.head_drops(ranking.drop, KINDS, f"Drop in log-probability of “{tr.translation}”"), key="exp_rank_map"
    )
    st.dataframe(
        {
            "head": [head_label(hd) for hd, _ in ranking.top(10)],
            "drop (nats)": [round(d, 3) for _, d in ranking.top(10)],
            "translation less likely by": [f"×{2.718281828**d:,.2f}" for _, d in ranking.top(10)],
        },
        hide_index=True,
    )
    st.caption(f"With every head on, the translation's log-probability is {ranking.total:.3f}.")

st.subheader("What each decoder layer would say (logit lens)")
st.caption(
    "At every step, the output layer (the tied embedding matrix, then softmax) applied to the residual stream "
    "after each decoder layer instead of only after the last: where in the stack the right piece appears. The last "
    "row is the model's real choice."
)
lens = state.get_logit_lens(name, text)
st.plotly_chart(
    charts.logit_lens(
        lens.top,
        lens.chosen_prob,
        tr.output_pieces,
        "Piece each layer would pick, coloured by the probability it gives the piece finally chosen",
    ),
    key="exp_lens",
)
