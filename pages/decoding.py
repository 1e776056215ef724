"""Greedy decoding: the decoder picks the most probable next piece, one step at a time."""

import time

import streamlit as st

from transformer import quiz as quiz_q
from ui import charts, quiz, state

st.title("Greedy decoding")
st.markdown(
    "At each step the decoder reads the source (through cross-attention) and the German prefix so far, "
    "outputs a probability for every piece in the vocabulary, and greedy decoding takes the most probable one. "
    "It stops at `</s>` or at the length limit."
)
tr = state.current_trace()
n = len(tr.steps)
if st.session_state.get("dec_step", 0) >= n:
    st.session_state.dec_step = 0

c1, c2, c3, c4 = st.columns([1, 1, 1, 3])
if c1.button("first", icon=":material/first_page:"):
    st.session_state.dec_step = 0
if c2.button("back", icon=":material/chevron_left:") and st.session_state.dec_step > 0:
    st.session_state.dec_step -= 1
if c3.button("next", icon=":material/chevron_right:") and st.session_state.dec_step < n - 1:
    st.session_state.dec_step += 1
play = c4.button("play all steps", icon=":material/play_arrow:")
if play:
    st.session_state.dec_step = n - 1  # the animation ends on the last step, and so does the slider
t = st.select_slider("Step", list(range(n)), format_func=lambda i: f"{i + 1} of {n}", key="dec_step") if n > 1 else 0

quiz.check_yourself(quiz_q.greedy_choice(tr, t), f"quiz_greedy_{t}")
view = st.empty()


def show(t: int) -> None:
    step = tr.steps[t]
    with view.container():
        st.markdown(f"**Step {t + 1} of {n}** · prefix: `{' '.join(step.prefix)}` → chosen: **`{step.chosen}`**")
        st.text(f"German so far: {step.text_so_far}")
        ca, cb = st.columns(2)
        ca.plotly_chart(
            charts.bars(step.top_pieces, step.top_probs, f"top {len(step.top_pieces)} next pieces", "probability"),
            key=f"bars_{t}",
        )
        cross = tr.decoder[-1].cross_attn.weights.mean(0)[t]
        cb.plotly_chart(
            charts.bars(
                tr.src.pieces,
                cross,
                "cross-attention of this step (last layer, head average)",
                "weight",
                highlight=int(cross.argmax()),
                value_name="weight",
            ),
            key=f"cross_{t}",
        )


if play:
    bar = st.progress(0.0, text="playing")
    for i in range(n):
        show(i)
        bar.progress((i + 1) / n, text=f"step {i + 1} of {n}")
        time.sleep(0.6)
else:
    show(t)

st.caption(
    "The probabilities are the decoder's softmax at that step, the same numbers greedy decoding chose from; "
    "the cross-attention row is that step's query over the source keys."
)

st.subheader("Decoding time machine: take another piece here")
step = tr.steps[t]
alternatives = [j for j in range(1, len(step.top_ids)) if step.top_ids[j] != step.chosen_id]
if alternatives:
    pick = st.selectbox(
        f"At step {t + 1}, take instead of `{step.chosen}`",
        alternatives,
        index=None,
        placeholder="pick another candidate to see where greedy decoding goes from there",
        format_func=lambda j: f"{step.top_pieces[j]}  (p = {step.top_probs[j]:.3f}, rank {j + 1})",
        key="dec_force",
    )
if alternatives and pick is not None:
    forced = state.get_forced(st.session_state.model, st.session_state.sentence, t, step.top_ids[pick])
    f1, f2 = st.columns(2)
    f1.markdown(f"**Greedy** · log-probability {forced.original_log_prob:.2f}")
    f1.code(tr.translation or "(empty)", language=None, wrap_lines=True)
    f2.markdown(f"**`{forced.piece}` at step {t + 1}, then greedy** · log-probability {forced.log_prob:.2f}")
    f2.code(forced.trace.translation or "(empty)", language=None, wrap_lines=True)
    later = slice(t, None)
    m1, m2 = state.map_columns(2, len(tr.src.pieces))
    for col, run, name in ((m1, tr, "greedy"), (m2, forced.trace, f"with `{forced.piece}`")):
        col.plotly_chart(
            charts.attention_map(
                run.decoder[-1].cross_attn.weights.mean(0)[later],
                run.decoder[-1].cross_attn.queries[later],
                run.src.pieces,
                f"Cross-attention from step {t + 1} on, {name.strip('`')} (last layer, head average)",
                row_title="query: decoder input → the piece it produced",
                col_title="key (English piece)",
            ),
            key=f"force_map_{name}",
        )
    st.caption(
        "Both runs are the real model: the right one was made to take the other piece at this step, and every later "
        "step is again greedy. Its log-probability counts the imposed piece too."
    )
elif not alternatives:
    st.info("This step has no other candidate in its top list.")

st.subheader("Sampling, for contrast")
st.caption(
    "Instead of the most probable piece, draw one at random from softmax(logits / temperature), among the top-k "
    "only. Translation wants the single best output, so it uses greedy or beam search; sampling gives a different "
    "output for each seed, and more errors as the temperature rises."
)
s1, s2, s3 = st.columns(3)
temperature = s1.slider("Temperature", 0.1, 2.0, 1.0, step=0.1, key="dec_temperature")
top_k = s2.slider("Top-k (0 = every piece)", 0, 50, 10, key="dec_topk")
seed = s3.number_input("Seed", 0, 10_000, 0, key="dec_seed")
draw = state.get_sample(st.session_state.model, st.session_state.sentence, temperature, top_k, int(seed))
st.code(draw.text or "(empty)", language=None, wrap_lines=True)

st.caption(
    f"Seed {draw.seed}, temperature {draw.temperature:.1f}, top-k {draw.top_k or 'all'}: log-probability "
    f"{draw.log_prob:.2f} under the model, against {tr.log_prob:.2f} for greedy. "
    "Pieces drawn, with the model's probability of each: "
    + " · ".join(f"{p} ({q:.2f})" for p, q in zip(draw.pieces, draw.probs))
)
