"""The frame around every page: navigation in teaching order and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import i18n, models, state, view
from ui.i18n import t

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
FAVICON = Path(__file__).resolve().parent / "favicon.png"  # a file, so no icon is fetched from a font CDN
SECTIONS = {  # section -> pages as (file, title, icon), in teaching order
    "Start": [("translate", "Translate", ":material/translate:")],
    "Into vectors": [
        ("tokens", "Tokens & embeddings", ":material/text_fields:"),
        ("latent", "Latent space", ":material/scatter_plot:"),
    ],
    "Inside a layer": [
        ("attention", "Attention, step by step", ":material/calculate:"),
        ("heads", "Heads & layers", ":material/grid_view:"),
        ("add_norm", "Add & Norm", ":material/add_circle:"),
        ("feed_forward", "Feed-forward network", ":material/hub:"),
    ],
    "Producing the translation": [
        ("causal_mask", "The causal mask", ":material/visibility_off:"),
        ("decoding", "Greedy decoding", ":material/arrow_forward:"),
    ],
    "The bigger picture": [
        ("families", "Families, and why attention", ":material/account_tree:"),
        ("model", "The model", ":material/architecture:"),
    ],
    "What research found": [
        ("attribution", "Attention or explanation?", ":material/psychology:"),
        ("head_roles", "What the heads do", ":material/insights:"),
    ],
    "Try things": [
        ("experiments", "Experiments", ":material/science:"),
        ("toy", "Train one yourself", ":material/model_training:"),
    ],
}
PAGES = [page for pages in SECTIONS.values() for page in pages]  # the one list: app, tests and benchmarks


def sidebar(page, default: str) -> None:
    with st.sidebar:
        i18n.lang_picker()
        st.markdown(f"**{t('The sentence every page explores')}**")
        state.sentence_widget("sidebar_source")
        state.model_picker()
        device = t("GPU (CUDA)") if models.gpu_available() else "CPU"
        st.caption(
            t("Model **{model}** · running on **{device}**", model=i18n.md(state.session().model), device=device)
        )
        view.kept_toggle(
            t("Guess first"),
            "guess_first",
            True,
            help=t(
                "Each page stops at its check-yourself question until you guess: the rest of the page shows the answer."
            ),
        )
        view.map_options()
        view.share_link(page.url_path or default)


def run(default: str = "translate") -> None:
    """Build the navigation (absolute page paths, so tests can open any page first) and run a page."""
    st.set_page_config(page_title="Attention Explorer", page_icon=str(FAVICON), layout="wide")
    st.session_state["_framed"] = True  # this session's runs come through the frame (ui.state.start_page)
    i18n.init_lang()
    sections = {
        t(section): [
            st.Page(str(PAGES_DIR / f"{name}.py"), title=t(title), icon=icon, url_path=name, default=name == default)
            for name, title, icon in pages
        ]
        for section, pages in SECTIONS.items()
    }
    st.session_state["_pages"] = {p.url_path: p for pages in sections.values() for p in pages}
    page = st.navigation(sections, expanded=True)
    state.init_state()
    if notice := st.session_state.pop("model_notice", None):
        st.warning(notice)
    st.session_state["_charts_shown"] = 0
    sidebar(page, default)
    try:
        page.run()
    finally:  # after the page, so the selections it made on its first run (its defaults) are in the link
        view.publish_url()


def link(name: str, where=st) -> None:
    """A link to one of the app's pages (by its file name), opening it inside this frame."""
    page = st.session_state.get("_pages", {}).get(name)
    if page is not None:
        where.page_link(page, label=page.title, icon=page.icon)
