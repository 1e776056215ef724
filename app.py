"""Attention Explorer: `streamlit run app.py`. The frame (navigation + shared sidebar) is ui/frame.py."""

from ui.frame import run

run()
