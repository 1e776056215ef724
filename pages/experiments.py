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
if not off:  # nothing to run yet: the page costs one trace, like the others
    st.code(tr.translation or "(empty)", language=None, wrap_lines=True)
    st.info("Pick heads to switch off: the sentence is then translated again without them, beside this run.")
else:
    ab = state.get_ablation(name, text, tuple(off))
    c1, c2 = st.columns(2)
    c1.markdown("**Every head on**")
    c1.code(tr.translation or "(empty)", language=None, wrap_lines=True)
    c2.markdown(f"**{len(off)} head{'s' if len(off) != 1 else ''} off**")
    c2.code(ab.trace.translation or "(empty)", language=None, wrap_lines=True)
    if ab.same:
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
        lens.top_prob,
        lens.chosen_prob,
        tr.output_pieces,
        "Piece each layer would pick, coloured by the probability it gives the piece finally chosen",
    ),
    key="exp_lens",
)

st.subheader("Beam search vs greedy")
st.caption(
    "Greedy decoding keeps only the most probable piece at each step. Beam search keeps the k most probable "
    "partial translations and, among those that end, picks the best log-probability divided by a length penalty "
    "((5 + length) / 6)^0.6. When they differ, greedy's locally best choice lost."
)
beam = st.slider("Beam width k", 1, 8, 4, key="exp_beam")
if st.toggle("Run beam search", key="exp_beam_on", help="a few times the work of greedy decoding"):
    bg = state.get_beam(name, text, beam)
    b1, b2 = st.columns(2)
    b1.markdown(f"**Greedy** · log-probability {bg.greedy_log_prob:.3f}")
    b1.code(bg.greedy or "(empty)", language=None, wrap_lines=True)
    b2.markdown(f"**Beam, k = {bg.beam}** · log-probability {bg.beam_log_prob:.3f} (normalised {bg.beam_score:.3f})")
    b2.code(bg.beam_text or "(empty)", language=None, wrap_lines=True)
    if bg.beam_text == bg.greedy:
        st.success("Same output: greedy's choice at every step was also on the best path the beam found.")
    else:
        st.warning("Different outputs: the beam kept a hypothesis that was not the most probable at some step.")
    st.dataframe(
        [
            {"step": t + 1, "rank": r + 1, "hypothesis (pieces)": hyp, "log-probability": round(lp, 3)}
            for t, step in enumerate(bg.steps)
            for r, (hyp, lp) in enumerate(step)
        ],
        hide_index=True,
        height=min(400, 38 + 35 * sum(len(s) for s in bg.steps)),
    )
    with st.expander(f"Hypotheses that ended ({len(bg.finished)})"):
        st.dataframe(
            [
                {"hypothesis": h, "log-probability": round(lp, 3), "normalised": round(sc, 3)}
                for h, lp, sc in bg.finished
            ],
            hide_index=True,
        )

st.subheader("What positions and scaling do")
st.caption(
    "Each line below is a what-if: the trained weights, run with one thing changed. They were never trained that "
    "way; the point is what the trained model relies on."
)
seed = st.number_input("Shuffle seed", 0, 1000, 0, key="exp_shuffle_seed")
if st.toggle("Run the what-ifs", key="exp_whatif_on", help="four more translations of your sentence"):
    w = state.get_position_what_ifs(name, text, int(seed))
    st.dataframe(
        [
            {"run": "real: your sentence", "translation": w.real},
            {"run": "what-if: positional encoding removed", "translation": w.no_positions},
            {"run": f"real model, words shuffled: “{w.shuffled_source}”", "translation": w.shuffled},
            {"run": "what-if: words shuffled and positional encoding removed", "translation": w.shuffled_no_positions},
            {"run": "what-if: embeddings not multiplied by √d_model", "translation": w.no_embedding_scale},
        ],
        hide_index=True,
    )
    st.markdown(
        f"Without positional encoding the encoder is blind to order: for the shuffled sentence it returns **the same "
        f"vectors in the shuffled order** (largest difference {w.gap_no_positions:.1e}, float rounding), so the "
        f"decoder, which attends over them as a set, cannot tell the two sentences apart. With positional encoding "
        f"the same comparison differs by up to {w.gap_real:.2f}: each vector depends on where its word stands. "
        "Without ×√d_model the token embeddings (about 1/√d_model in size) are drowned by the positional encoding "
        "(size ~1)."
    )
