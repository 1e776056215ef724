"""Check yourself: a question, a guess, then the answer from the learner's own run."""

from __future__ import annotations

import html

import streamlit as st

from transformer.quiz import Question
from ui.i18n import t, tt


def _text(s) -> str:
    """The user's own text can appear in a question: shown as text, never as markup."""
    return html.escape(tt(s), quote=False)


def check_yourself(q: Question, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{t('Check yourself.')}** {_text(q.prompt)}")
        guess = st.radio(t("Your guess"), q.options, index=None, key=key, horizontal=True, format_func=_text)
        if guess is None:
            st.caption(t("Guess first: the answer comes from your sentence's own run."))
        elif guess == q.answer:
            st.success(f"{t('Right.')} {_text(q.explanation)}")
        else:
            wrong = t("Not this time: the answer is **{answer}**.", answer=_text(q.answer))
            st.warning(f"{wrong} {_text(q.explanation)}")
