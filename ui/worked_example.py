"""The lecture notes' classic worked example (student D's chemistry grade), editable, run through the
model's own attention function (`transformer.explain.worked_example` calls `model.attention`)."""

import numpy as np
import streamlit as st

from transformer import explain
from ui.i18n import t


def show(model_dk: int) -> None:
    """The example under the Attention page: `model_dk` is the model's d_k, for the closing comparison."""
    st.subheader(t("Worked example: student D's chemistry grade"))
    st.markdown(t("worked_example.the_classic_example_of"))
    student, grade = t("student"), t("chemistry grade (value)")
    table = st.data_editor(
        {
            student: [t("D (query)"), t("A (key)"), t("B (key)"), t("C (key)")],
            **{f"x{i + 1}": [explain.CLASSIC_QUERY[i]] + [k[i] for k in explain.CLASSIC_KEYS] for i in range(4)},
            grade: [None, *explain.CLASSIC_VALUES],
        },
        key="worked_example",
        num_rows="fixed",
        disabled=[student],
        hide_index=True,
    )
    numbers = np.array([table[f"x{i + 1}"] for i in range(4)], dtype=float).T  # (4 students, 4)
    grades = np.array(table[grade][1:], dtype=float)
    if np.isnan(numbers).any() or np.isnan(grades).any():
        st.warning(
            t("Every cell needs a number (D's grade is the one to predict, so it stays empty). Fill the empty cell.")
        )
        return
    q, keys = numbers[0], numbers[1:]
    plain = explain.worked_example(q, keys, grades, scale=False)
    scaled = explain.worked_example(q, keys, grades)
    st.dataframe(
        {
            t("key"): ["A", "B", "C"],
            "q·k": plain.scores.round(4),
            "softmax(q·k)": plain.weights.round(2),
            f"q·k ÷ √{len(q)}": scaled.scaled.round(4),
            f"softmax(q·k ÷ √{len(q)})": scaled.weights.round(2),
        },
        hide_index=True,
    )
    c1, c2 = st.columns(2)
    c1.metric(t("D's grade: Σ softmax(q·k) × grade"), f"{float(plain.output):.2f}")
    c2.metric(t("with ÷√d_k (d_k = {dk})", dk=len(q)), f"{float(scaled.output):.2f}")
    st.caption(
        t(
            "worked_example.the_notes_weights_w",
            w=plain.weights.round(2).tolist(),
            p=float(plain.output),
            n=len(q),
            root=np.sqrt(len(q)),
            ws=scaled.weights.round(2).tolist(),
            ps=float(scaled.output),
            dk=model_dk,
        )
    )
