"""Greedy decoding: the decoder picks the most probable next piece, one step at a time."""

import time

import streamlit as st

from ui import charts, state

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
t = st.slider("Step index (0 = the first piece)", 0, n - 1, key="dec_step") if n > 1 else 0

view = st.empty()


def show(t: int) -> None:
    step = tr.steps[t]
    with view.container():
        so_far = "".join(tr.output_pieces[: t + 1]).replace("▁", " ").strip()
        st.markdown(f"**Step {t + 1} of {n}** · prefix: `{' '.join(step.prefix)}` → chosen: **`{step.chosen}`**")
        st.text(f"German so far: {so_far}")
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
