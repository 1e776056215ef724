"""Helpers for the real-browser test: start the app on a free port, drive Debian's Chromium.

`python -m tests.browser docs/screenshot.png` saves the README screenshot with the same helpers.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(timeout: float = 120):
    """`streamlit run app.py --server.headless true` on a free port; yields the base URL."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    log = tempfile.TemporaryFile()  # a file, not a pipe: an unread pipe fills up and blocks the server
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited: {log.read().decode()[-2000:]}")
        else:
            raise TimeoutError("streamlit did not become healthy")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def browser_page(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


RUNNING = '[data-testid="stStatusWidgetRunningIcon"]'  # drawn (aria-label "Running...") while a script runs


def wait_idle(page, timeout_ms: int = 120_000) -> None:
    """Wait until Streamlit has finished the current script run: its running icon (this Streamlit draws the
    icon and a "Stop" button, not the word "Running") is gone. Streamlit shows the icon half a second after
    a run starts, so the wait starts after that."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_timeout(700)
    page.wait_for_selector(RUNNING, state="detached", timeout=timeout_ms)
    page.wait_for_timeout(200)


def whole_pages(page) -> None:
    """Switch the sidebar's 'Guess first' off (on for visitors: each page stops at its question until a
    guess), so the flow and the screenshots see whole pages."""
    toggle = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(
        has_text=re.compile("Guess first|先猜再看")
    )
    if toggle.locator("input").first.is_checked():
        toggle.first.click()
        wait_idle(page)


def open_page(page, title: str) -> None:
    """Click a page in the sidebar navigation and wait until its title is drawn and the run ends."""
    page.get_by_role("link", name=title).first.click()
    page.wait_for_function("t => document.querySelector('h1')?.innerText.includes(t)", arg=title, timeout=120_000)
    wait_idle(page)


def type_sentence(page, text: str) -> None:
    box = page.locator("textarea").first
    box.fill(text)
    box.press("Control+Enter")
    wait_idle(page)


MAIN_CODE = '[data-testid="stMain"] [data-testid="stCode"]'  # the sidebar's link box is a code box too


def translation(page) -> str:
    return page.locator(MAIN_CODE).first.inner_text(timeout=120_000).strip()


def screenshot(path: Path, text: str = "The cat is sleeping on the sofa.") -> None:
    with serve_app() as url, browser_page() as page:
        page.goto(url)
        wait_idle(page)
        whole_pages(page)
        type_sentence(page, text)
        page.wait_for_function(
            't => document.querySelector(\'[data-testid="stMain"] [data-testid="stCode"]\')?.innerText.length > 0',
            arg=text,
        )
        page.wait_for_selector(".js-plotly-plot", timeout=120_000)  # the alignment chart is drawn
        page.wait_for_timeout(1500)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)


def overview_screenshot(path: Path, text: str = "The children are playing in the big garden today.") -> None:
    """The Translate page's architecture diagram for `text`."""
    with serve_app() as url, browser_page(height=1000) as page:
        page.goto(url)
        wait_idle(page)
        whole_pages(page)
        type_sentence(page, text)
        page.wait_for_timeout(2000)
        page.locator("text=The whole model").first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(800)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)


def page_screenshot(path: Path, title: str, text: str = "The children are playing in the big garden today.") -> None:
    """Any page, by its navigation title, on `text`."""
    with serve_app() as url, browser_page(height=1400) as page:
        page.goto(url)
        wait_idle(page)
        whole_pages(page)
        type_sentence(page, text)
        open_page(page, title)
        page.wait_for_timeout(2000)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)


def switch_heads_off(page, labels: list[str]) -> None:
    """On the Experiments page, pick heads by their labels in the multiselect."""
    box = page.locator('[data-testid="stMultiSelect"] input').first
    for text in labels:
        box.fill(text)
        box.press("Enter")
        wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)


def experiments_screenshot(path: Path, text: str = "The children are playing in the big garden today.") -> None:
    """The Experiments page with the head this sentence needs most switched off, and the ranking."""
    with serve_app() as url, browser_page(height=1700) as page:
        page.goto(url)
        wait_idle(page)
        whole_pages(page)
        type_sentence(page, text)
        open_page(page, "Experiments")
        switch_heads_off(page, ["encoder self-attention, layer 2, head 5"])
        page.get_by_text("Rank every head").first.click()
        wait_idle(page)
        page.wait_for_selector("text=Drop in log-probability", timeout=120_000)
        page.wait_for_timeout(1500)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)


def toy_screenshot(path: Path, seconds: int = 20) -> None:
    """The "Train one yourself" page after training reverse for `seconds` (a multiple of 5)."""
    with serve_app() as url, browser_page(height=1900) as page:
        page.goto(f"{url}/toy")
        wait_idle(page)
        whole_pages(page)
        slider = page.get_by_role("slider").first
        slider.wait_for(timeout=60_000)
        slider.focus()
        slider.press("Home")
        for _ in range(seconds // 5 - 1):
            slider.press("ArrowRight")
        wait_idle(page)
        page.get_by_role("button", name="Train").click()
        page.get_by_text("Your runs").first.wait_for(timeout=300_000)
        wait_idle(page)
        page.wait_for_timeout(1500)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)


def glyphs_render(page, text: str = "注意力查询键值") -> bool:
    """True when the browser draws these CJK characters as distinct glyphs: without a font for them
    every character becomes the same empty box, so their drawings on a canvas would be identical."""
    return page.evaluate(
        """text => {
            const draw = ch => {
                const c = document.createElement('canvas'); c.width = 40; c.height = 40;
                const g = c.getContext('2d'); g.font = '32px sans-serif'; g.fillText(ch, 2, 32);
                return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
            };
            const drawings = new Set([...text].map(draw));
            return drawings.size === text.length;
        }""",
        text,
    )


def chinese_screenshot(path: Path, url_path: str = "attention", text: str = "The cat is sleeping on the sofa.") -> bool:
    """A page opened in Chinese from a link (`?lang=zh`); returns whether the CJK glyphs rendered."""
    with serve_app() as url, browser_page(height=1100) as page:
        page.goto(f"{url}/{url_path}?lang=zh&text={urllib.parse.quote(text)}")
        wait_idle(page)
        whole_pages(page)
        page.wait_for_selector(".js-plotly-plot", timeout=120_000)
        page.wait_for_timeout(1500)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)
        return glyphs_render(page)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    if "--toy" in sys.argv:
        toy_screenshot(out)
    elif "--page" in sys.argv:
        page_screenshot(out, sys.argv[sys.argv.index("--page") + 1])
    elif "--overview" in sys.argv:
        overview_screenshot(out)
    elif "--zh" in sys.argv:
        i = sys.argv.index("--zh")
        page = sys.argv[i + 1] if len(sys.argv) > i + 1 else "attention"
        print("CJK glyphs render:", chinese_screenshot(out, page))
    elif "--experiments" in sys.argv:
        experiments_screenshot(out)
    else:
        screenshot(out)


def _shot_from(page, heading: str, path: Path) -> None:
    """A screenshot of the viewport with `heading` at its top."""
    page.get_by_text(heading).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), full_page=False)


def research_screenshots(folder: Path, text: str = "My sister lives in a small house.") -> list[Path]:
    """Attention or explanation? on `text`, then What the heads do on the 20 shortest-to-compute sentences
    (the slider's minimum) with the study and the pruning curves switched on, then a head opened from it on
    Heads & layers. Returns the screenshots' paths, the attention kind checked there and the page's link."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shots = [folder / "attribution.png", folder / "head_roles.png", folder / "pruning.png", folder / "opened_head.png"]
    with serve_app() as url, browser_page(height=1400) as page:
        page.goto(url)
        wait_idle(page)
        whole_pages(page)
        type_sentence(page, text)
        open_page(page, "Attention or explanation?")
        page.wait_for_selector("text=Kendall", timeout=120_000)
        _shot_from(page, "Four answers", shots[0])
        open_page(page, "What the heads do")
        size = page.locator('[data-testid="stSlider"] input[type="range"]').first
        size.focus()
        page.keyboard.press("Home")  # the smallest size: 20 sentences
        wait_idle(page)
        page.get_by_text("Study every head on these sentences").first.click()
        wait_idle(page)
        page.wait_for_selector("text=Role of every head", timeout=120_000)
        _shot_from(page, "Each head's role", shots[1])
        page.get_by_text("Draw the pruning curves").first.click()
        wait_idle(page)
        page.wait_for_selector("text=chrF with heads switched off", timeout=180_000)
        _shot_from(page, "Pruning: switch off", shots[2])
        pick = (
            page.locator('[data-testid="stSelectbox"]').filter(has_text="Show a head on your sentence").locator("input")
        )
        pick.scroll_into_view_if_needed()
        pick.click()
        pick.fill("cross-attention, layer 2, head 4")
        pick.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Open it on Heads & layers").click()
        page.wait_for_function(
            "() => document.querySelector('h1')?.innerText.includes('Heads & layers')", timeout=120_000
        )
        wait_idle(page)
        page.get_by_text("One head in focus").first.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shots[3]), full_page=False)
        assert not page.locator(ERRORS).all()
        link = page.url  # the view (kind, layer, head) the page drew, as its link carries it
        options = page.locator('[data-testid="stMain"] [data-testid="stRadio"] label')
        kind = options.filter(has=page.locator("input:checked")).first.inner_text()
    return shots, kind, link
