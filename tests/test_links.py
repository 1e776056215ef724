"""A link carries page, sentence, model, language, attention kind, layer, head, query piece and
decoding step (ui/view.py), and opening it restores every one of them."""

from __future__ import annotations

from transformer.trace import Kind
from ui.frame import PAGES_DIR

from .test_pages import assert_clean, open_app

SENTENCE = "My sister lives in a small house."
EVERYTHING = dict(text=SENTENCE, model="en-de", lang="zh", kind="cross", layer="2", head="3", query="1", step="3")


def test_a_link_with_every_parameter_reopens_the_attention_page_on_its_selections():
    at = open_app("attention", **EVERYTHING)
    assert_clean(at)
    assert at.title[0].value == "注意力，一步一步"  # page and language
    assert at.sidebar.text_input(key="sidebar_source").value == SENTENCE
    assert at.sidebar.selectbox(key="model_picker").value == "en-de"
    assert at.selectbox(key="att_kind").value == Kind.CROSS
    assert at.selectbox(key="att_layer").value == 1  # 1-based in the link, as on screen
    assert at.selectbox(key="att_head").value == 2
    assert at.selectbox(key="query_tgt").value == 1
    link = at.sidebar.code[0].value
    assert "/attention?" in link and all(f"{k}=" in link for k in EVERYTHING), link


def test_the_same_link_restores_the_other_pages_selections():
    at = open_app("heads", **EVERYTHING)
    assert_clean(at)
    assert at.radio(key="heads_kind").value == Kind.CROSS
    assert (at.selectbox(key="heads_layer").value, at.selectbox(key="heads_head").value) == (1, 2)
    at = open_app("decoding", **EVERYTHING)
    assert_clean(at)
    assert at.select_slider(key="dec_step").value == 2  # step 3 of the link, 0-based inside
    assert any("第 3 /" in m.value for m in at.markdown)
    at = open_app("causal_mask", **EVERYTHING)
    assert (at.selectbox(key="mask_layer").value, at.selectbox(key="mask_head").value) == (1, 2)
    at = open_app("translate", **{**EVERYTHING, "layer": "all", "head": "avg"})
    assert (at.selectbox(key="tr_layer").value, at.selectbox(key="tr_head").value) == ("all", "avg")


def test_a_broken_link_falls_back_to_defaults_without_an_error():
    at = open_app("attention", kind="banana", layer="99", head="-1", query="x", step="0", lang="xx")
    assert_clean(at)
    assert at.title[0].value == "Attention, step by step"
    assert at.selectbox(key="att_kind").value == Kind.ENCODER
    assert (at.selectbox(key="att_layer").value, at.selectbox(key="att_head").value) == (0, 0)
    assert at.selectbox(key="query_src").value == 0


def test_a_choice_on_one_page_is_the_choice_on_the_next():
    """The selections are shared: a layer picked on the Attention page is the layer the Heads page opens on."""
    at = open_app("attention")
    at.selectbox(key="att_layer").set_value(2).run()
    assert at.session_state["view"]["layer"] == "3"
    at.switch_page(str(PAGES_DIR / "heads.py")).run()
    assert_clean(at)
    assert at.selectbox(key="heads_layer").value == 2
