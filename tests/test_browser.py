"""A real browser (Debian's headless Chromium, driven by Playwright) takes the main flow."""

from __future__ import annotations

import os

import pytest

from .browser import CHROMIUM, ERRORS, browser_page, open_page, serve_app, translation, type_sentence, wait_idle

PAGES = [
    "Tokens & embeddings",
    "Attention, step by step",
    "Heads & layers",
    "The causal mask",
    "Greedy decoding",
    "The model",
    "Translate",
]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (make test installs it)")


def test_type_translate_and_visit_every_page():
    from playwright.sync_api import expect

    with serve_app() as url, browser_page() as page:
        hosts = set()
        page.on("request", lambda r: hosts.add(r.url.split("/")[2] if "://" in r.url else r.url[:20]))
        page.goto(url)
        wait_idle(page)
        assert not page.get_by_text("Deploy").all()  # production toolbar (.streamlit/config.toml)
        type_sentence(page, "Where is the train station?")
        assert translation(page)
        assert not page.locator(ERRORS).all()
        assert "text=Where" in page.url  # the sentence lives in the URL
        # a second browser session, opened from a link with another sentence, keeps its own
        other = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        other.goto(f"{url}/?text=I+am+hungry.")
        wait_idle(other)
        # a cold first load can outrun wait_idle (no status widget yet), so let Playwright retry
        expect(other.locator("textarea").first).to_have_value("I am hungry.", timeout=60_000)
        wait_idle(other)
        assert translation(other) and translation(other) != translation(page)
        other.context.close()
        for name in PAGES:
            open_page(page, name)
            errors = [e.inner_text()[:800] for e in page.locator(ERRORS).all()]
            assert not errors, f"error box on page {name}: {errors}"
            assert page.locator('[data-testid="stSidebar"] input').first.input_value() == "Where is the train station?"
        assert translation(page)
        assert hosts <= {url.split("/")[2], "data:image/svg+xml;"}, hosts  # nothing fetched from the internet
