"""What a learner takes away: every chart's PNG button at a readable scale and its numbers as CSV,
and the whole trace as JSON (the files themselves are tested in test_charts and test_explain)."""

from __future__ import annotations

import json

from .test_pages import assert_clean, open_app


def test_every_chart_has_a_readable_png_and_a_csv_button():
    at = open_app("attention")
    assert_clean(at)
    charts = at.get("plotly_chart")
    configs = [json.loads(c.proto.config) for c in charts]
    maps = [c for c in configs if c.get("displayModeBar") is not False]  # all but the clickable token strip
    assert len(maps) >= 10
    assert all(c["toImageButtonOptions"]["scale"] >= 2 for c in maps)
    downloads = at.get("download_button")
    csv_buttons = [d for d in downloads if d.proto.label == "CSV"]
    assert len(csv_buttons) == len(maps)


def test_the_translate_page_offers_the_whole_trace_and_says_its_size_first():
    """The size on the button is checked against the file itself: unpacked, measured, within 15 %."""
    import gzip
    import re

    from transformer import checkpoint
    from transformer.trace import to_json_gz, trace

    sentence = "The children are playing in the garden behind the old house."
    at = open_app("translate", sentence)
    labels = [d.proto.label for d in at.get("download_button") if "whole trace" in d.proto.label]
    assert len(labels) == 1
    n, mb = re.search(r"; ([\d,]+) numbers, ([\d.]+) MB unpacked", labels[0]).groups()
    model, tok = checkpoint.load(checkpoint.DEFAULT_CHECKPOINT, "cpu")
    doc = gzip.decompress(to_json_gz(trace(model, tok, sentence)))
    assert abs(len(doc) / 1e6 - float(mb)) <= 0.15 * len(doc) / 1e6
    assert doc.count(b",") + 1 >= int(n.replace(",", "")) * 0.95  # every number is a comma-separated value
    assert json.loads(doc)["source"] == sentence


def _map(at, title: str) -> dict:
    """The layout of the chart whose title starts with `title`."""
    specs = [json.loads(c.proto.spec)["layout"] for c in at.get("plotly_chart")]
    return next(s for s in specs if s.get("title", {}).get("text", "").startswith(title))


def test_the_sidebars_map_options_reach_the_pages_maps():
    from streamlit.testing.v1 import AppTest

    def attention_page(**options) -> AppTest:
        at = AppTest.from_string("from ui.frame import run\nrun(default='attention')", default_timeout=180)
        at.session_state["guess_first"] = False  # the whole page, as after a guess
        at.query_params["kind"] = "decoder"  # keys start with <s>
        for key, value in options.items():
            at.session_state[key] = value
        return at.run()

    keys = _map(attention_page(), "softmax: attention weights")["xaxis"]["ticktext"]
    assert keys[0] == "&lt;s&gt;"
    hidden = _map(attention_page(opt_hide_special=True, opt_indices=True), "softmax: attention weights")
    assert hidden["xaxis"]["ticktext"] == [f"{i}: {k}" for i, k in enumerate(keys) if k != "&lt;s&gt;"]


def test_the_language_switch_turns_the_page_chinese():
    at = open_app("heads")
    assert at.title[0].value == "Heads & layers"
    at.sidebar.button_group(key="lang_picker").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "注意力头与层" and at.session_state["lang"] == "zh"
