"""Experiments: change the real model and watch the real translation respond."""

import math

import streamlit as st

from transformer.experiments import all_heads, head_label
from transformer.trace import KINDS
from ui import charts, frame, models, state, view
from ui.i18n import t, tn, tt

state.start_page(t("Experiments on the model"))
st.markdown(t("experiments.maps_show_where_attention"))
tr = state.current_trace()
name, text = state.session()
L, h = len(tr.encoder), tr.encoder[0].self_attn.n_heads
EMPTY = t("(empty)")

st.subheader(t("Switch heads off"))
st.caption(
    t(
        "A switched-off head still computes its attention, but its output is replaced by zeros before W_O, so it "
        "adds nothing to its layer. The new translation is decoded greedily with the heads off."
    )
)
off = st.multiselect(
    t("Heads to switch off"),
    all_heads(L, h),
    format_func=lambda hd: tt(head_label(hd)),
    key="exp_off",
    placeholder=t("pick heads, e.g. from the ranking below"),
)
if not off:  # nothing to run yet: the page costs one trace, like the others
    st.code(tr.translation or EMPTY, language=None, wrap_lines=True)
    st.info(t("Pick heads to switch off: the sentence is then translated again without them, beside this run."))
else:
    ab = models.get_ablation(name, text, tuple(off))
    c1, c2 = st.columns(2)
    c1.markdown(f"**{t('Every head on')}**")
    c1.code(tr.translation or EMPTY, language=None, wrap_lines=True)
    c2.markdown(f"**{tn('{n} head off', '{n} heads off', len(off))}**")
    c2.code(ab.trace.translation or EMPTY, language=None, wrap_lines=True)
    if ab.same:
        st.success(t("The translation did not change: the model did not need these heads for this sentence."))
    else:
        nothing = t("(nothing)")
        edits = [f"`{' '.join(a) or nothing}` → `{' '.join(b) or nothing}`" for a, b in ab.edits]
        st.warning(t("The translation changed: ") + "; ".join(edits))
    view.show(
        charts.compare_bars(
            ab.original,
            {t("every head on"): ab.original_probs, t("with the heads off"): ab.ablated_probs},
            t("Probability of each piece of the original translation (given the original pieces before it)"),
            t("probability"),
        ),
        key="exp_probs",
    )

st.subheader(t("Which heads does this translation need?"))
st.caption(
    t(
        "Each head switched off alone, one run each: how much the log-probability of the original translation falls "
        "(nats; 0 = not needed, larger = needed more; below 0 = the translation became more likely)."
    )
)
n_heads_all = len(all_heads(L, h))  # every head of every kind and layer
if st.toggle(t("Rank every head"), key="exp_rank", help=t("{n} runs of the model, batched", n=n_heads_all)):
    with st.spinner(t("Switching off each of {n} heads in turn…", n=n_heads_all)):
        ranking = models.get_ranking(name, text)
    view.show(
        charts.head_drops(ranking.drop, KINDS, t("Drop in log-probability of “{text}”", text=tr.translation)),
        key="exp_rank_map",
    )
    st.dataframe(
        {
            t("head"): [tt(head_label(hd)) for hd, _ in ranking.top(10)],
            t("drop (nats)"): [round(d, 3) for _, d in ranking.top(10)],
            t("translation less likely by"): [f"×{math.exp(d):,.2f}" for _, d in ranking.top(10)],  # e^drop
        },
        hide_index=True,
    )
    st.caption(t("With every head on, the translation's log-probability is {lp:.3f}.", lp=ranking.total))
    study = models.cached_study(name)
    if study is not None:  # the data-set ranking, when What the heads do has computed it for this model
        first = study.curves[0].order[:5]
        st.caption(
            t(
                "Over {n} sentences of the everyday dev set, the pruning curve on What the heads do switches off "
                "first: {heads}.",
                n=study.sentences,
                heads="; ".join(tt(head_label(hd)) for hd in first),
            )
        )
    else:
        st.caption(t("Which heads matter over many sentences, and what pruning them costs: What the heads do."))
    frame.link("head_roles")

st.subheader(t("What each decoder layer would say (logit lens)"))
st.caption(t("experiments.at_every_step_the"))
lens = models.get_logit_lens(name, text)
view.show(
    charts.logit_lens(
        lens.top,
        lens.top_prob,
        lens.chosen_prob,
        tr.output_pieces,
        t("Piece each layer would pick, coloured by the probability it gives the piece finally chosen"),
    ),
    key="exp_lens",
)

st.subheader(t("Beam search vs greedy"))
st.caption(t("experiments.greedy_decoding_keeps_only"))
beam = st.slider(t("Beam width k"), 1, 8, 4, key="exp_beam")
if st.toggle(t("Run beam search"), key="exp_beam_on", help=t("a few times the work of greedy decoding")):
    bg = models.get_beam(name, text, beam)
    b1, b2 = st.columns(2)
    b1.markdown(t("**Greedy** · log-probability {lp:.3f}", lp=bg.greedy_log_prob))
    b1.code(bg.greedy or EMPTY, language=None, wrap_lines=True)
    b2.markdown(
        t(
            "**Beam, k = {k}** · log-probability {lp:.3f} (normalised {score:.3f})",
            k=bg.beam,
            lp=bg.beam_log_prob,
            score=bg.beam_score,
        )
    )
    b2.code(bg.beam_text or EMPTY, language=None, wrap_lines=True)
    if bg.beam_text == bg.greedy:
        st.success(t("Same output: greedy's choice at every step was also on the best path the beam found."))
    else:
        st.warning(t("Different outputs: the beam kept a hypothesis that was not the most probable at some step."))
    st.dataframe(
        [
            {t("step"): i + 1, t("rank"): r + 1, t("hypothesis (pieces)"): hyp, t("log-probability"): round(lp, 3)}
            for i, step in enumerate(bg.steps)
            for r, (hyp, lp) in enumerate(step)
        ],
        hide_index=True,
        height=min(400, 38 + 35 * sum(len(s) for s in bg.steps)),
    )
    with st.expander(t("Hypotheses that ended ({n})", n=len(bg.finished))):
        st.dataframe(
            [
                {t("hypothesis"): hyp, t("log-probability"): round(lp, 3), t("normalised"): round(sc, 3)}
                for hyp, lp, sc in bg.finished
            ],
            hide_index=True,
        )

st.subheader(t("What positions and scaling do"))
st.caption(
    t(
        "Each line below is a what-if: the trained weights, run with one thing changed. They were never trained that "
        "way; the point is what the trained model relies on."
    )
)
seed = st.number_input(t("Shuffle seed"), 0, 1000, 0, key="exp_shuffle_seed")
if st.toggle(t("Run the what-ifs"), key="exp_whatif_on", help=t("four more translations of your sentence")):
    w = models.get_position_what_ifs(name, text, int(seed))
    run_, translation_ = t("run"), t("translation")
    st.dataframe(
        [
            {run_: t("real: your sentence"), translation_: w.real or EMPTY},
            {run_: t("what-if: positional encoding removed"), translation_: w.no_positions or EMPTY},
            {
                run_: t("real model, words shuffled: “{text}”", text=w.shuffled_source),
                translation_: w.shuffled or EMPTY,
            },
            {
                run_: t("what-if: words shuffled and positional encoding removed"),
                translation_: w.shuffled_no_positions or EMPTY,
            },
            {run_: t("what-if: embeddings not multiplied by √d_model"), translation_: w.no_embedding_scale or EMPTY},
        ],
        hide_index=True,
    )
    st.markdown(
        t(
            "experiments.without_positional_encoding_the",
            gap=w.gap_no_positions,
            real=w.gap_real,
        )
    )
