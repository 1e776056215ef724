"""Streamlit-side helpers: the frame, cached loaders, chart builders, the message catalog, toy training.

A `pages/` folder beside app.py makes Streamlit start in its older multipage mode, where a link that
reaches a fresh server (say /heads) runs pages/heads.py on its own, without app.py's navigation and
sidebar, for every request that arrives before app.py has run once. Every page therefore begins
with `ui.state.start_page`, which switches that mode off and starts the session over through app.py
(Streamlit 1.67's PagesManager flag; checked in tests/test_browser.py, and with 8 visitors reaching
a cold server at once by `python -m benchmarks.app_latency --visitors 8`)."""
