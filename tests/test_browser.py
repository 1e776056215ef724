"""A real browser (Debian's headless Chromium, driven by Playwright) takes the main flow."""

from __future__ import annotations

import os

import pytest

from ui.frame import PAGES as FRAME_PAGES

from .browser import (
    CHROMIUM,
    ERRORS,
    MAIN_CODE,
    browser_page,
    glyphs_render,
    open_page,
    serve_app,
    switch_heads_off,
    translation,
    type_sentence,
    wait_idle,
    whole_pages,
)

PAGES = [title for _, title, _ in FRAME_PAGES[1:]] + [FRAME_PAGES[0][1]]  # every page, ending where it began

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (make test installs it)")


def test_type_translate_and_visit_every_page():
    from playwright.sync_api import expect

    with serve_app() as url, browser_page() as page:
        hosts = set()
        page.on("request", lambda r: hosts.add(r.url.split("/")[2] if "://" in r.url else r.url[:20]))
        page.goto(url)
        wait_idle(page)
        whole_pages(page)
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
        # force the third most probable piece at step 1: a second translation appears beside greedy's
        open_page(page, "Greedy decoding")
        choice = page.locator('[data-testid="stSelectbox"]').filter(has_text="take instead of").locator("input")
        choice.scroll_into_view_if_needed()
        choice.click()
        if not page.locator('[role="option"]').count():
            choice.press("ArrowDown")  # the first click may only focus the box
        page.locator('[role="option"]').nth(1).click()
        wait_idle(page)
        page.get_by_text("then greedy").first.wait_for(timeout=60_000)
        forced = page.locator(MAIN_CODE).all_inner_texts()
        assert len(forced) >= 2 and forced[1].strip(), forced  # greedy beside the forced run
        assert not page.locator(ERRORS).all()
        # switch every cross-attention head of the last layer off: the second translation line updates
        open_page(page, "Experiments")
        switch_heads_off(page, [f"cross-attention, layer 3, head {h}" for h in range(1, 9)])
        page.get_by_text("8 heads off").first.wait_for(timeout=60_000)
        lines = page.locator(MAIN_CODE).all_inner_texts()
        assert len(lines) >= 2 and lines[1].strip(), lines
        assert not page.locator(ERRORS).all()
        assert hosts <= {url.split("/")[2], "data:image/svg+xml;"}, hosts  # nothing fetched from the internet


def test_train_a_toy_model_and_see_the_curve(tmp_path):
    from playwright.sync_api import expect

    with serve_app() as url, browser_page() as page:
        # a deep link as the server's first request still opens the page inside app.py's frame
        page.goto(f"{url}/toy")
        wait_idle(page)
        whole_pages(page)
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("The sentence every page explores")

        slider = page.get_by_role("slider").first
        slider.wait_for(timeout=60_000)
        slider.focus()
        slider.press("Home")  # the shortest training: 5 seconds
        wait_idle(page)
        expect(page.locator('[data-testid="stSliderThumbValue"]').first).to_have_text("5")
        page.get_by_role("button", name="Train").click()
        # the live chart appears while the child process trains, then the run's table
        page.get_by_text("Training, live").first.wait_for(timeout=120_000)
        page.get_by_text("Your runs").first.wait_for(timeout=120_000)
        wait_idle(page)
        assert not page.locator(ERRORS).all(), [e.inner_text()[:500] for e in page.locator(ERRORS).all()]
        assert page.get_by_text("held-out exact match").first.is_visible()
        page.screenshot(path=str(tmp_path / "toy.png"), full_page=True)
        page.get_by_role("button", name="Explore this toy model on every page").click()
        wait_idle(page)
        open_page(page, "Heads & layers")
        assert not page.locator(ERRORS).all()
        assert "toy model" in page.locator('[data-testid="stSidebar"]').inner_text()


def test_a_link_opens_a_page_in_chinese_with_its_selections(tmp_path):
    """?lang=zh and the view's selections in a link: the page opens in Chinese, on them, and its
    CJK text is drawn with real glyphs (a CJK font is installed by `make test`)."""
    query = "lang=zh&text=My+sister+lives+in+a+small+house.&kind=cross&layer=2&head=3&query=1"
    with serve_app() as url, browser_page(height=1100) as page:
        page.goto(f"{url}/attention?{query}")
        wait_idle(page)
        whole_pages(page)
        page.wait_for_selector(".js-plotly-plot", timeout=120_000)
        assert page.locator("h1").first.inner_text().strip() == "注意力，一步一步"
        boxes = [
            i.input_value() for i in page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').all()
        ]
        assert any("交叉注意力" in b for b in boxes) and any("第 2 层" in b for b in boxes), boxes
        assert any("第 3 个头" in b for b in boxes), boxes
        assert glyphs_render(page)
        assert not page.locator(ERRORS).all()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(tmp_path / "zh.png"))
        assert (tmp_path / "zh.png").stat().st_size > 50_000
        for name in ("kind=cross", "layer=2", "head=3", "lang=zh"):
            assert name in page.url, page.url  # the page keeps them in its own address


def test_decoding_buttons_move_one_step_per_click():
    """first / back / next, clicked in a real browser, the step read back after each click."""
    import re

    with serve_app() as url, browser_page() as page:
        page.goto(f"{url}/decoding?text=The+children+are+playing+in+the+garden+behind+the+old+house.")
        wait_idle(page)
        whole_pages(page)

        def click(label: str) -> int:
            page.locator('[data-testid="stMain"] button').filter(has_text=re.compile(rf"{label}$")).first.click()
            wait_idle(page)
            shown = page.get_by_text(re.compile(r"^Step \d+ of \d+")).first.inner_text()
            return int(re.match(r"Step (\d+)", shown).group(1))

        steps = [click(w) for w in ("next", "next", "next", "back", "first", "next", "back", "back")]
        assert steps == [2, 3, 4, 3, 1, 2, 1, 1]
        assert "step=1" in page.url


def test_opening_train_one_yourself_keeps_the_links_settings():
    """The toy page stops early before its first run; the link must still carry language and sentence, so a
    reload stays Chinese on the same sentence (it turned English and lost the sentence)."""
    with serve_app() as url, browser_page() as page:
        page.goto(f"{url}/attention?lang=zh&text=I+am+hungry.")
        wait_idle(page)
        whole_pages(page)
        page.get_by_role("link", name="自己训练一个").first.click()
        wait_idle(page)
        page.wait_for_function("() => location.search.includes('lang=zh')", timeout=30_000)
        assert "text=I+am+hungry." in page.url
        page.reload()
        wait_idle(page)
        page.wait_for_function("() => document.querySelector('h1')?.innerText.includes('自己训练一个')", timeout=60_000)
        assert page.locator('[data-testid="stSidebar"] input').first.input_value() == "I am hungry."


def test_research_pages_study_the_heads_and_open_one(tmp_path):
    """Attention or explanation? draws; What the heads do studies 20 sentences, draws the pruning curves and
    opens cross-attention layer 2 head 4 from its selector on Heads & layers, whole: 'Guess first' stays off
    (st.switch_page used to drop the sidebar toggle's state, and the page stopped at its question)."""
    from .browser import research_screenshots

    shots, kind, link = research_screenshots(tmp_path)
    assert all(p.exists() and p.stat().st_size > 10_000 for p in shots)
    assert "cross-attention" in kind
    assert "/heads?" in link and all(f in link for f in ("kind=cross", "layer=2", "head=4")), link
