"""Streamlit-side helpers: the frame, cached loaders, chart builders, toy training.

A `pages/` folder beside app.py makes Streamlit start in its older multipage mode, where a deep link
that is the server's very first request (say /heads) runs pages/heads.py on its own, without
app.py's navigation and sidebar, and the server stays in that mode until app.py runs. Every page
imports this package, so the first such run switches the mode off and starts over through app.py
(which then opens the linked page). Streamlit 1.67's PagesManager flag; checked in
tests/test_browser.py."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    if get_script_run_ctx() is not None:
        st.rerun()
