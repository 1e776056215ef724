"""What the heads do: each head's role over a data set (Voita et al. 2019), its importance and the pruning
curve (Michel et al. 2019), on the model that is open."""

import numpy as np
import streamlit as st

from transformer.experiments import all_heads, head_label
from transformer.head_study import APPLIES, NO_ROLE, ROLES
from transformer.trace import KINDS
from ui import charts, models, state, view
from ui.i18n import md, t, tt

state.start_page(t("What the heads do"))
st.markdown(t("head_roles.other_pages_show_one"))
name = state.session().model
if not models.active(name).shared:
    st.info(t("This page studies a translation model on a data set with references: pick a checkpoint model."))
    view.stop()
source_code, target_code = state.language_codes()
if source_code != "en":  # the data set is English with German references
    st.info(
        t(
            "This page studies the heads on English sentences: this model reads {language}.",
            language=state.languages()[0],
        )
    )
    view.stop()
total = len(models.study_pairs(10_000))
sizes = sorted({min(k, total) for k in (20, 50, 100, 200, total)})
n = st.select_slider(t("Sentences of the everyday dev set"), sizes, value=min(100, total), key="roles_n")
ROLE_NAMES = {
    NO_ROLE: t("no role"),
    "previous": t("previous piece"),
    "next": t("next piece"),
    "same": t("same position"),
    "rare": t("rarest piece"),
    "punctuation": t("punctuation"),
    "start/end": t("<s> or </s>"),
    "diagonal": t("diagonal (alignment-like)"),
}
STAGES = {
    "translating": t("Translating the sentences"),
    "reading attention": t("Reading every head's attention"),
    "importance": t("Gradients of the gates"),
    "pruning": t("Pruning heads and translating again"),
}
st.caption(
    t(
        "head_roles.data_set_the_first",
        n=n,
        model=name,
    )
)


def run_study(curves: bool):
    if models.has_head_study(name, n, curves):
        return models.head_study_of(name, n, curves)
    bar = st.progress(0.0, text=t("Starting…"))

    def progress(stage: str, done: int, of: int) -> None:
        bar.progress(done / of, text=f"{STAGES[stage.split(':')[0]]} · {done} / {of}")

    study = models.head_study_of(name, n, curves, progress)
    bar.empty()
    return study


if not st.toggle(
    t("Study every head on these sentences"), key="roles_on", help=t("about a tenth of a second a sentence")
):
    st.info(t("Switch the study on: the model translates the sentences and every head's attention is read."))
    view.stop()
study = run_study(curves=False)
roles = study.roles

st.subheader(t("Each head's role"))
st.caption(t("head_roles.a_head_has_a"))
codes = {r: i for i, r in enumerate((NO_ROLE, *ROLES))}
index = np.vectorize(codes.get)(roles.roles)
best = np.stack([np.nan_to_num(roles.shares[r]) for r in ROLES]).max(0)
view.show(
    charts.role_grid(index, best, [ROLE_NAMES[r] for r in codes], KINDS, t("Role of every head: layers × heads")),
    key="roles_grid",
)
counts = roles.count()
st.markdown(" · ".join(f"{md(ROLE_NAMES[r])}: **{counts[r]}**" for r in codes if r in counts))
heads = all_heads(*roles.roles.shape[1:])
rows = []
for hd in heads:
    row = {t("head"): tt(head_label(hd)), t("role"): ROLE_NAMES[roles.of(hd)]}
    row.update({ROLE_NAMES[r]: round(float(roles.shares[r][hd]), 3) for r in ROLES if APPLIES[r][hd[0]]})
    row[t("confidence")] = round(float(roles.confidence[hd]), 3)
    row[t("importance")] = round(float(study.importance[hd]), 4)
    rows.append(row)
st.dataframe(rows, hide_index=True, height=300)
st.caption(
    t(
        "Shares: the fraction of queries whose largest weight is on that role's key. Confidence: the mean largest "
        "weight."
    )
)
by_label = {tt(head_label(hd)): hd for hd in heads}  # labels as options: no format_func to re-run later
pick = st.selectbox(t("Show a head on your sentence"), list(by_label), key="roles_pick")
if st.button(t("Open it on Heads & layers"), key="roles_open"):
    view.focus_head(by_label[pick], "heads")

if target_code != "de":  # importance and pruning score against the data set's German references
    st.info(
        t(
            "Importance and pruning are measured against German reference translations: this model writes "
            "{language}, so they are left out.",
            language=state.languages()[1],
        )
    )
    view.stop()

st.subheader(t("Which heads the translation needs"))
st.caption(t("head_roles.importance_michel_et_al"))
view.show(
    charts.head_drops(study.importance, KINDS, t("Importance of every head"), value_name=t("importance")),
    key="roles_importance",
)

st.subheader(t("Pruning: switch off the least important heads, 10% at a time"))
if st.toggle(t("Draw the pruning curves"), key="roles_prune", help=t("51 translations of the sentences")):
    study = run_study(curves=True)
    named = {
        (None, "importance"): t("all heads, least important first"),
        (None, "random"): t("all heads, random order (the control)"),
    }
    named.update({(k, "importance"): t("{kind} only, least important first", kind=t(KINDS[k])) for k in range(3)})
    marks = {
        0.2: t("Michel: 20% prunable (WMT)"),
        0.4: t("Michel: 40% prunable (BERT)"),
        0.6: t("Michel: beyond 60%, catastrophic"),
    }
    series = {named[(c.kind, c.by)]: (c.fractions, c.chrf) for c in study.curves}
    view.show(
        charts.pruning_curves(series, marks, t("chrF with heads switched off"), t("heads switched off"), "chrF"),
        key="roles_curves",
    )
    first = study.curves[0]
    kept = 0.0  # the largest fraction up to which every point stays within half a point of the unpruned chrF
    for f, c in zip(first.fractions, first.chrf):
        if c < first.chrf[0] - 0.5:
            break
        kept = f
    st.markdown(
        t(
            "With every head on, chrF is **{full:.1f}**. Least important first, up to **{kept:.0%}** of the heads go "
            "for less than half a point of chrF; with 60% gone it is **{at60:.1f}**.",
            full=first.chrf[0],
            kept=kept,
            at60=first.chrf[first.fractions.index(0.6)],
        )
    )
    st.dataframe(
        {t("order"): list(range(1, 11)), t("head"): [tt(head_label(hd)) for hd in first.order[:10]]},
        hide_index=True,
    )
    st.caption(t("The first ten heads the curve switches off. Experiments switches off the heads you pick."))
