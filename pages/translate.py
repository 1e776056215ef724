"""Translate: type a sentence, get its translation (English to German for the shipped model), and see at a
glance which source pieces each output piece used."""

import streamlit as st

from transformer import explain
from transformer import quiz as quiz_q
from ui import charts, frame, quiz, state, view
from ui.i18n import t, tn

state.start_page(t("Translate"))
source_language, target_language = state.languages()
st.caption(
    t(
        "A Transformer encoder-decoder translates {source} to {target}. Every other page opens up the run you see "
        "here.",
        source=source_language,
        target=target_language,
    )
)

state.sentence_widget("source", big=True)
st.write(t("Or pick an example:"))
cols = st.columns(len(state.EXAMPLES))
for col, example in zip(cols, state.EXAMPLES):
    col.button(example, on_click=state.set_sentence, args=(example,), width="stretch")

tr = state.current_trace()

st.subheader(target_language)
st.code(tr.translation or t("(empty: the model chose end-of-sentence first)"), language=None, wrap_lines=True)
st.caption(
    tn("{n} {language} piece", "{n} {language} pieces", len(tr.src.pieces), language=source_language)
    + " → "
    + tn("{n} {language} piece", "{n} {language} pieces", len(tr.output_pieces), language=target_language)
    + ". "
    + t(
        "translate.when_this_sentence_was",
        device=tr.device,
        translate=tr.timings.translate_ms,
        steps=tn("{n} step", "{n} steps", len(tr.steps)),
        trace=tr.timings.trace_ms,
        served=st.session_state.get("last_trace_ms", 0),
    )
)
st.caption(t("Typing in the box: press **Ctrl+Enter** (⌘+Enter on a Mac) or click outside it to translate."))
numbers, megabytes = state.trace_json_size(tr)
st.download_button(
    t("The whole trace of this sentence (JSON, gzip; {n:,} numbers, {mb:.1f} MB unpacked)", n=numbers, mb=megabytes),
    data=lambda: state.trace_json(tr),
    file_name="trace.json.gz",
    mime="application/gzip",
    on_click="ignore",
    icon=":material/download:",
    help=t("Every number the pages show for this sentence: pieces, embeddings, Q, K, V, scores, weights, steps."),
)

st.subheader(t("The whole model, on your sentence"))
diagram, legend = st.columns([3, 2])
diagram.graphviz_chart(
    charts.architecture_dot(
        len(tr.src.pieces), len(tr.tgt.pieces), tr.config, source_language, target_language, tr.tgt.pieces[0]
    ),
    width="content",
)
legend.markdown(
    t(
        "translate.read_from_the_bottom",
        source=source_language,
        target=target_language,
    )
)
legend.markdown(
    t(
        "Every sublayer is followed by **Add & Norm**: LayerNorm(x + Sublayer(x)), the paper's *post-norm* order, "
        "which this model uses (many tutorials draw pre-norm, x + Sublayer(LayerNorm(x)))."
    )
)
legend.markdown(f"**{t('Open each part:')}**")
for page in ["tokens", "attention", "heads", "add_norm", "feed_forward", "causal_mask", "decoding", "model"]:
    frame.link(page, legend)

if tr.steps:
    quiz.check_yourself(quiz_q.cross_attention_target(tr, 0), "quiz_translate")
st.subheader(t("Which source pieces did each {language} piece look at?", language=target_language))
st.caption(
    t(
        "translate.cross_attention_weights_each",
        language=target_language,
        example=tr.decoder[0].cross_attn.queries[0].replace("`", "'"),  # this run's first row label
    )
)
c1, c2 = st.columns(2)
n_layers, n_heads = len(tr.decoder), tr.decoder[0].cross_attn.n_heads
layer = view.layer_widget(n_layers, "tr_layer", c1, extra=("all",))
head = view.head_widget(n_heads, "tr_head", c2, extra=("avg",))
which = t("all layers") if layer == "all" else t("layer {n}", n=layer + 1)
which += ", " + (t("average of all heads") if head == "avg" else t("head {n}", n=head + 1))
layer, head = (None if layer == "all" else layer), (None if head == "avg" else head)
left, right = view.map_columns(2, max(len(tr.src.pieces), len(tr.output_pieces)))
axes = dict(
    row_title=t("query: decoder input → the piece it produced"),
    col_title=t("key ({language} piece)", language=source_language),
)
view.show(
    charts.attention_map(
        explain.alignment(tr, layer, head),
        tr.decoder[0].cross_attn.queries,
        tr.src.pieces,
        t("Attention weights α, {which}", which=which),
        **axes,
    ),
    left,
    key="align_raw",
)
view.show(
    charts.attention_map(
        explain.alignment(tr, layer, head, value_weighted_=True),
        tr.decoder[0].cross_attn.queries,
        tr.src.pieces,
        t("Value-weighted ‖α·v·W_O‖, {which}", which=which),
        **axes,
    ),
    right,
    key="align_vw",
)
st.caption(t("translate.right_each_weight_times"))
with st.expander(t("The pieces on both sides")):
    st.text(t("{language} pieces: ", language=source_language) + " · ".join(tr.src.pieces))
    st.text(t("{language} pieces: ", language=target_language) + " · ".join(tr.output_pieces))
