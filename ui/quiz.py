"""Check yourself: a question, a guess, then the answer from the learner's own run."""

from __future__ import annotations

import streamlit as st

from transformer.quiz import Question
from ui import view
from ui.i18n import md, t, tt


def _text(s) -> str:
    """A question's text. The user's own words and pieces can appear in it: shown as text, never as markup
    (Markdown-escaped; inside code spans, which show `<s>` as it is, backticks replaced)."""
    return tt(s, escape=md)


def _skip(key: str) -> None:
    st.session_state[f"{key}_skipped"] = True


def guess_first() -> bool:
    """The sidebar's switch (on unless the learner turns it off): the page stops at each question until a guess."""
    return bool(st.session_state.get("guess_first", True))


def check_yourself(q: Question, key: str) -> None:
    """The question, a guess, then the answer from the learner's own run. While 'guess first' is on and no guess
    is made, the page stops here: what follows shows the answer."""
    with st.container(border=True):
        st.markdown(f"**{t('Check yourself.')}** {_text(q.prompt)}")
        guess = st.radio(t("Your guess"), q.options, index=None, key=key, horizontal=True, format_func=_text)
        if guess is None and guess_first() and not st.session_state.get(f"{key}_skipped"):
            st.caption(t("Guess first: the rest of this page shows the answer, so it appears after your guess."))
            st.button(t("Show the page without guessing"), key=f"{key}_skip", on_click=_skip, args=(key,))
            view.stop()
        if guess is None:
            st.caption(t("Guess first: the answer comes from your sentence's own run."))
        elif guess == q.answer:
            st.success(f"{t('Right.')} {_text(q.explanation)}")
        else:
            wrong = t("Not this time: the answer is **{answer}**.", answer=_text(q.answer))
            st.warning(f"{wrong} {_text(q.explanation)}")
