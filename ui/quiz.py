"""Check yourself: a question, a guess, then the answer from the learner's own run."""

from __future__ import annotations

import html

import streamlit as st

from transformer.quiz import Question


def _text(s: str) -> str:
    """The user's own text can appear in a question: shown as text, never as markup."""
    return html.escape(s, quote=False)


def check_yourself(q: Question, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"**Check yourself.** {_text(q.prompt)}")
        guess = st.radio("Your guess", q.options, index=None, key=key, horizontal=True, format_func=_text)
        if guess is None:
            st.caption("Guess first: the answer comes from your sentence's own run.")
        elif guess == q.answer:
            st.success(f"Right. {_text(q.explanation)}")
        else:
            st.warning(f"Not this time: the answer is **{_text(q.answer)}**. {_text(q.explanation)}")
