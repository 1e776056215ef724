"""Greedy decoding: the decoder picks the most probable next piece, one step at a time."""

import time

import streamlit as st

from transformer import quiz as quiz_q
from ui import charts, models, quiz, state, view
from ui.i18n import code, t

state.start_page(t("Greedy decoding"))
st.markdown(
    t(
        "decoding.at_each_step_the",
        language=state.languages()[1],
    )
)
tr = state.current_trace()
n = len(tr.steps)


def go_to(step: int | None = None, by: int = 0) -> None:
    """Buttons move the step shared with the link (1-based there, as on screen): to `step`, or `by` steps from
    the one shown when the button is clicked (read then, not when the button was drawn)."""
    if step is None:
        step = view.step_shown() + by
    view.show_step(min(max(step, 0), n - 1))


c1, c2, c3, c4 = st.columns([1, 1, 1, 3])
c1.button(t("first"), icon=":material/first_page:", on_click=go_to, args=(0,))
c2.button(t("back"), icon=":material/chevron_left:", on_click=go_to, kwargs={"by": -1})
c3.button(t("next"), icon=":material/chevron_right:", on_click=go_to, kwargs={"by": 1})
play = c4.button(t("play all steps"), icon=":material/play_arrow:", on_click=go_to, args=(n - 1,))
if n > 1:  # the animation ends on the last step, and so does the slider
    step_t = view.bound(
        st.select_slider,
        t("Step"),
        list(range(n)),
        "step",
        "dec_step",
        lambda i: str(i + 1),
        format_func=lambda i: t("{i} of {n}", i=i + 1, n=n),
    )
else:
    step_t = 0

quiz.check_yourself(quiz_q.greedy_choice(tr, step_t), f"quiz_greedy_{step_t}")
box = st.empty()


def show(i: int) -> None:
    step = tr.steps[i]
    with box.container():
        st.markdown(
            t(
                "**Step {i} of {n}** · prefix: `{prefix}` → chosen: **`{chosen}`**",
                i=i + 1,
                n=n,
                prefix=code(" ".join(step.prefix)),
                chosen=code(step.chosen),
            )
        )
        st.text(t("{language} so far: {text}", language=state.languages()[1], text=step.text_so_far))
        if step.loop_blocked:
            st.warning(
                t(
                    "Plain greedy decoding would take `{greedy}` here, the most probable piece, but it continues a "
                    "loop. The loop rule took `{chosen}`, the most probable piece that does not.",
                    greedy=code(step.greedy),
                    chosen=code(step.chosen),
                )
            )
        ca, cb = st.columns(2)
        chosen_at = step.top_pieces.index(step.chosen) if step.chosen in step.top_pieces else None
        view.show(
            charts.bars(
                step.top_pieces,
                step.top_probs,
                t("top {k} next pieces", k=len(step.top_pieces)),
                t("probability (log scale)"),
                highlight=chosen_at,
                log_scale=True,
            ),
            ca,
            key=f"bars_{i}",
        )
        cross = tr.decoder[-1].cross_attn.weights.mean(0)[i]
        view.show(
            charts.bars(
                tr.src.pieces,
                cross,
                t("cross-attention of this step (last layer, head average)"),
                t("weight"),
                highlight=int(cross.argmax()),
                value_name=t("weight"),
            ),
            cb,
            key=f"cross_{i}",
        )


if play:
    bar = st.progress(0.0, text=t("playing"))
    for i in range(n):
        show(i)
        bar.progress((i + 1) / n, text=t("step {i} of {n}", i=i + 1, n=n))
        time.sleep(0.6)
else:
    show(step_t)

st.caption(
    t(
        "The probabilities are the decoder's softmax at that step, the same numbers greedy decoding chose from; "
        "the cross-attention row is that step's query over the source keys."
    )
)

st.subheader(t("Decoding time machine: take another piece here"))
step = tr.steps[step_t]
alternatives = [j for j in range(1, len(step.top_ids)) if step.top_ids[j] != step.chosen_id]
if alternatives:
    pick = st.selectbox(
        t("At step {i}, take instead of `{piece}`", i=step_t + 1, piece=code(step.chosen)),
        alternatives,
        index=None,
        placeholder=t("pick another candidate to see where greedy decoding goes from there"),
        format_func=lambda j: t(
            "{piece}  (p = {p:.3f}, rank {rank})", piece=step.top_pieces[j], p=step.top_probs[j], rank=j + 1
        ),
        key="dec_force",
    )
if alternatives and pick is not None:
    forced = models.get_forced(*state.session(), step_t, step.top_ids[pick])
    f1, f2 = st.columns(2)
    f1.markdown(t("**Greedy** · log-probability {lp:.2f}", lp=forced.original_log_prob))
    f1.code(tr.translation or t("(empty)"), language=None, wrap_lines=True)
    f2.markdown(
        t(
            "**`{piece}` at step {i}, then greedy** · log-probability {lp:.2f}",
            piece=forced.piece,
            i=step_t + 1,
            lp=forced.log_prob,
        )
    )
    f2.code(forced.trace.translation or t("(empty)"), language=None, wrap_lines=True)
    later = slice(step_t, None)
    m1, m2 = view.map_columns(2, len(tr.src.pieces))
    for col, run, name in ((m1, tr, t("greedy")), (m2, forced.trace, t("with `{piece}`", piece=forced.piece))):
        view.show(
            charts.attention_map(
                run.decoder[-1].cross_attn.weights.mean(0)[later],
                run.decoder[-1].cross_attn.queries[later],
                run.src.pieces,
                t(
                    "Cross-attention from step {i} on, {name} (last layer, head average)",
                    i=step_t + 1,
                    name=name.replace("`", ""),
                ),
                row_title=t("query: decoder input → the piece it produced"),
                col_title=t("key ({language} piece)", language=state.languages()[0]),
            ),
            col,
            key=f"force_map_{run is tr}",
        )
    st.caption(
        t(
            "Both runs are the real model: the right one was made to take the other piece at this step, and every "
            "later step is again greedy. Its log-probability counts the imposed piece too."
        )
    )
elif not alternatives:
    st.info(t("This step has no other candidate in its top list."))

st.subheader(t("Sampling, for contrast"))
st.caption(t("decoding.instead_of_the_most"))
if st.toggle(t("Draw a sample"), key="dec_sample_on", help=t("one more run of the model, with the settings below")):
    s1, s2, s3 = st.columns(3)
    temperature = s1.slider(t("Temperature"), 0.1, 2.0, 1.0, step=0.1, key="dec_temperature")
    top_k = s2.slider(t("Top-k (0 = every piece)"), 0, 50, 10, key="dec_topk")
    seed = s3.number_input(t("Seed"), 0, 10_000, 0, key="dec_seed")
    draw = models.get_sample(*state.session(), temperature, top_k, int(seed))
    st.code(draw.text or t("(empty)"), language=None, wrap_lines=True)

    st.caption(
        t(
            "Seed {seed}, temperature {temp:.1f}, top-k {k}: log-probability {lp:.2f} under the model, against "
            "{greedy:.2f} for greedy. Pieces drawn, with the model's probability of each: ",
            seed=draw.seed,
            temp=draw.temperature,
            k=draw.top_k or t("all"),
            lp=draw.log_prob,
            greedy=tr.log_prob,
        )
        + " · ".join(f"{p} ({q:.2f})" for p, q in zip(draw.pieces, draw.probs))
    )

st.subheader(t("The loop rule"))
st.caption(t("decoding.greedy_decoding_can_fall"))
changed = [i + 1 for i, s in enumerate(tr.steps) if s.loop_blocked]
if changed:
    plain = models.get_plain_greedy(*state.session())
    st.markdown(
        t("The rule acted at step {steps}. Without it, greedy decoding writes:", steps=", ".join(map(str, changed)))
    )
    st.code(plain or t("(empty)"), language=None, wrap_lines=True)
else:
    st.caption(t("The rule did not act on this sentence: the translation is plain greedy decoding."))
