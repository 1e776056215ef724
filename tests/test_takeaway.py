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


def test_the_translate_page_offers_the_whole_trace():
    at = open_app("translate")
    labels = [d.proto.label for d in at.get("download_button")]
    assert "The whole trace of this sentence (JSON)" in labels
