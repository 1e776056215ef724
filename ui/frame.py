"""The frame around every page: navigation in teaching order and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import state

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
FAVICON = Path(__file__).resolve().parent / "favicon.png"  # a file, so no icon is fetched from a font CDN
PAGES = [  # (file, title, icon) in teaching order
    ("translate", "Translate", ":material/translate:"),
    ("tokens", "Tokens & embeddings", ":material/text_fields:"),
    ("latent", "Latent space", ":material/scatter_plot:"),
    ("attention", "Attention, step by step", ":material/calculate:"),
    ("heads", "Heads & layers", ":material/grid_view:"),
    ("add_norm", "Add & Norm", ":material/add_circle:"),
    ("feed_forward", "Feed-forward network", ":material/hub:"),
    ("causal_mask", "The causal mask", ":material/visibility_off:"),
    ("decoding", "Greedy decoding", ":material/arrow_forward:"),
    ("families", "Families, and why attention", ":material/account_tree:"),
    ("experiments", "Experiments", ":material/science:"),
    ("model", "The model", ":material/architecture:"),
    ("toy", "Train one yourself", ":material/model_training:"),
]


def sidebar() -> None:
    with st.sidebar:
        st.markdown("**The sentence every page explores**")
        state.sentence_widget("sidebar_source")
        state.model_picker()
        device = "GPU (CUDA)" if state.gpu_available() else "CPU"
        st.caption(f"Model **{st.session_state.model}** · running on **{device}**")


def run(default: str = "translate") -> None:
    """Build the navigation (absolute page paths, so tests can open any page first) and run a page."""
    st.set_page_config(page_title="Attention Explorer", page_icon=str(FAVICON), layout="wide")
    pages = [
        st.Page(str(PAGES_DIR / f"{name}.py"), title=title, icon=icon, url_path=name, default=name == default)
        for name, title, icon in PAGES
    ]
    st.session_state["_pages"] = dict(zip([name for name, _, _ in PAGES], pages))
    page = st.navigation(pages)
    state.init_state()
    sidebar()
    state.publish_url()
    page.run()


def link(name: str, where=st) -> None:
    """A link to one of the app's pages (by its file name), opening it inside this frame."""
    page = st.session_state.get("_pages", {}).get(name)
    if page is not None:
        where.page_link(page, label=page.title, icon=page.icon)
