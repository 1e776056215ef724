"""Check yourself: a question, a guess, then the answer from the learner's own run."""

from __future__ import annotations

import streamlit as st

from transformer.quiz import Question


def check_yourself(q: Question, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"**Check yourself.** {q.prompt}")
        guess = st.radio("Your guess", q.options, index=None, key=key, horizontal=True)
        if guess is None:
            st.caption("Guess first: the answer comes from your sentence's own run.")
        elif guess == q.answer:
            st.success(f"Right. {q.explanation}")
        else:
            st.warning(f"Not this time: the answer is **{q.answer}**. {q.explanation}")
