"""Translate: type English, get German, and see at a glance which source pieces each output piece used."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, frame, quiz, state

st.title("Translate")
st.caption(
    "A Transformer encoder-decoder, trained on this project's machines, translates English to German. "
    "Every other page opens up the run you see here."
)

state.sentence_widget("source", big=True)
st.write("Or pick an example:")
cols = st.columns(len(state.EXAMPLES))
for col, example in zip(cols, state.EXAMPLES):
    col.button(example, on_click=state.set_sentence, args=(example,), width="stretch")

tr = state.current_trace()

st.subheader("German")
st.code(tr.translation or "(empty: the model chose end-of-sentence first)", language=None, wrap_lines=True)
st.caption(
    f"{state.plural(len(tr.src.pieces), 'English piece')} → {state.plural(len(tr.output_pieces), 'German piece')}. "
    f"When this sentence was first translated (on {tr.device}): greedy decoding {tr.timings.translate_ms:.0f} ms for "
    f"{state.plural(len(tr.steps), 'step')}, recording the trace {tr.timings.trace_ms:.0f} ms; this view was served in "
    f"{st.session_state.get('last_trace_ms', 0):.0f} ms (translations are cached)."
)
st.caption("Typing in the box: press **Ctrl+Enter** (⌘+Enter on a Mac) or click outside it to translate.")

st.subheader("The whole model, on your sentence")
diagram, legend = st.columns([3, 2])
diagram.graphviz_chart(charts.architecture_dot(len(tr.src.pieces), len(tr.tgt.pieces), tr.config), width="content")
legend.markdown(
    "Read from the bottom up: the encoder (blue) turns the English pieces into the **memory**; the decoder "
    "(orange) reads the German so far, attends to the memory, and the last layer's output becomes a probability "
    "for every piece of the vocabulary. The shapes are this run's (pieces × d_model)."
)
legend.markdown(
    "Every sublayer is followed by **Add & Norm**: LayerNorm(x + Sublayer(x)), the paper's *post-norm* order, which "
    "this model uses (many tutorials draw pre-norm, x + Sublayer(LayerNorm(x)))."
)
legend.markdown("**Open each part:**")
for page in ["tokens", "attention", "heads", "add_norm", "feed_forward", "causal_mask", "decoding", "model"]:
    frame.link(page, legend)

if tr.steps:
    quiz.check_yourself(quiz_q.cross_attention_target(tr, 0), "quiz_translate")
st.subheader("Which source pieces did each German piece look at?")
st.caption(
    "Cross-attention weights: each row is a decoder query, labelled as on every page with the decoder's input at "
    "that position and the German piece it produced (`<s> → ▁Die`); each column is a source key. Rows sum to 1."
)
c1, c2 = st.columns(2)
n_layers, n_heads = len(tr.decoder), tr.decoder[0].cross_attn.n_heads
layer_opt = c1.selectbox("Layer", ["all layers"] + [f"layer {i + 1}" for i in range(n_layers)], index=0)
head_opt = c2.selectbox("Head", ["average of all heads"] + [f"head {j + 1}" for j in range(n_heads)], index=0)
layer = None if layer_opt == "all layers" else int(layer_opt.split()[1]) - 1
head = None if head_opt.startswith("average") else int(head_opt.split()[1]) - 1
left, right = state.map_columns(2, max(len(tr.src.pieces), len(tr.output_pieces)))
left.plotly_chart(
    charts.attention_map(
        explain.alignment(tr, layer, head),
        tr.decoder[0].cross_attn.queries,
        tr.src.pieces,
        f"Attention weights α, {layer_opt}, {head_opt}",
        row_title="query: decoder input → the piece it produced",
        col_title="key (English piece)",
    ),
    key="align_raw",
)
right.plotly_chart(
    charts.attention_map(
        explain.alignment(tr, layer, head, value_weighted_=True),
        tr.decoder[0].cross_attn.queries,
        tr.src.pieces,
        f"Value-weighted ‖α·v·W_O‖, {layer_opt}, {head_opt}",
        row_title="query: decoder input → the piece it produced",
        col_title="key (English piece)",
    ),
    key="align_vw",
)
st.caption(
    "Right: each weight times the size of what that key actually sends (its value vector through W_O), rows "
    "renormalised (Kobayashi et al. 2020). A large weight on a key that sends almost nothing, often `</s>` or "
    "a full stop, barely moves the output: the right map shows this, the left one does not. It usually lines "
    "up better with the words a translator would pair."
)
with st.expander("The pieces on both sides"):
    st.text("English pieces: " + " · ".join(tr.src.pieces))
    st.text("German pieces:  " + " · ".join(tr.output_pieces))
