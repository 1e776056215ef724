"""Train one yourself: a tiny Transformer learns a toy task live, with the paper's choices switchable."""

import streamlit as st

from transformer.toy import MAX_SECONDS, TASKS, ToySettings, make_task
from ui import charts, models, state, toy, view
from ui.i18n import t, tt

state.start_page(t("Train one yourself"))
st.markdown(t("toy.a_tiny_transformer_the"))


def label(settings: ToySettings) -> str:
    return ", ".join(tt(p) for p in settings.parts())


job = toy.active_job()
busy = job is not None
c1, c2 = st.columns(2)
task = c1.selectbox(
    t("Task"), TASKS, format_func=lambda k: f"{k}: {tt(make_task(k).description)}", key="toy_task", disabled=busy
)
seconds = c2.slider(t("Seconds of training"), 5, int(MAX_SECONDS), 60, step=5, key="toy_seconds", disabled=busy)
c3, c4, c5, c6 = st.columns(4)
POSITIONS = {"sinusoidal": t("sinusoidal (paper)"), "learned": t("learned"), "none": t("none")}
positional = c3.radio(t("Positions"), list(POSITIONS), format_func=POSITIONS.get, key="toy_positional", disabled=busy)
causal = c4.checkbox(t("Causal mask (paper)"), value=True, key="toy_causal", disabled=busy)
scale = c5.checkbox(t("Divide by √d_k (paper)"), value=True, key="toy_scale", disabled=busy)
NORMS = {"post-norm (paper)": t("post-norm (paper)"), "pre-norm": t("pre-norm")}
norm = c6.radio(t("Residual"), list(NORMS), format_func=NORMS.get, key="toy_norm", disabled=busy)
settings = ToySettings(
    task=task,
    positional=positional,
    causal_mask=causal,
    scale_scores=scale,
    norm_first=norm == "pre-norm",
    seconds=float(seconds),
)

b1, b2, _ = st.columns([1, 1, 4])
train_clicked = b1.button(t("Train"), icon=":material/play_arrow:", type="primary", disabled=busy)
b2.button(t("Stop"), icon=":material/stop:", on_click=toy.stop, disabled=not busy)

status = st.empty()
curves_box = st.empty()
probe_box = st.empty()
draws = {"n": 0}
AXES = dict(row_title=t("query: decoder input → the piece it produced"), col_title=t("key (input piece)"))


def draw(run) -> None:
    """Redraw the curves (this run beside the previous one) and the probe's cross-attention."""
    draws["n"] += 1
    latest = run.history[-1] if run.history else None
    series = {t("{label} (earlier)", label=label(r.settings)): toy.curves(r) for r in toy.runs()[-1:] if r is not run}
    series[label(run.settings)] = toy.curves(run)
    if latest is not None:
        status.info(
            t(
                "**{label}** · step {step} · {s:.0f} s · held-out exact match {acc:.1%}",
                label=label(run.settings),
                step=latest.step,
                s=latest.seconds,
                acc=latest.accuracy,
            )
        )
    curves_box.plotly_chart(
        charts.training_curves(series, t("Training, live")),
        key=f"toy_curves_{draws['n']}",
        width="stretch",
        config=charts.PNG,
    )
    if latest is not None:
        p = latest.probe
        probe_box.plotly_chart(
            charts.attention_map(
                p.decoder[-1].cross_attn.weights.mean(0),
                p.decoder[-1].cross_attn.queries,
                p.src.pieces,
                t(
                    "Cross-attention of the probe “{source}” → “{output}” (last layer, head average)",
                    source=p.source,
                    output=p.translation,
                ),
                **AXES,
            ),
            key=f"toy_probe_{draws['n']}",
            config=charts.PNG,
        )


if train_clicked and not busy:
    if toy.wait_for_turn(status.warning):
        status.info(t("Starting the training process…"))
        job = toy.start(settings)
    else:
        status.error(t("The line was too long; please try again in a few minutes."))
if job is not None:
    toy.follow(job, draw)
    if job.error:
        st.error(t("The training stopped with an error: {error}", error=job.error))
    st.rerun()  # enable the controls again

done = toy.runs()
if not done:
    st.info(t("Pick a task and press **Train**. The curves and the probe's attention appear here as it learns."))
    view.stop()

run = done[-1]
draw(run)
st.subheader(t("Your runs"))
st.dataframe(
    [
        {
            t("run"): label(r.settings),
            t("steps"): r.steps,
            t("seconds"): round(r.seconds, 1),
            t("held-out exact match"): f"{r.history[-1].accuracy:.1%}" if r.history else "—",
        }
        for r in done
    ],
    hide_index=True,
)

st.subheader(t("Try it"))
vocab = " ".join(p for p in run.task.vocab.pieces_[4:] if p.isascii()) if run.task.name != "numbers" else ""
hint = t("English number words from one to nine hundred ninety-nine") if run.task.name == "numbers" else vocab
text = st.text_input(
    t("Input for the {task} model ({hint})", task=run.task.name, hint=hint), value=run.task.probe, key="toy_input"
)
tr = models.trace_or_none(models.TOY_MODEL, text)
if tr is None:
    st.info(t("Type an input: words the toy task knows, separated by spaces."))
else:
    st.code(tr.translation or t("(empty: the model chose end-of-sequence first)"), language=None)
    view.show(
        charts.attention_map(
            tr.decoder[-1].cross_attn.weights.mean(0),
            tr.decoder[-1].cross_attn.queries,
            tr.src.pieces,
            t("Cross-attention, last layer, head average"),
            **AXES,
        ),
        key="toy_try_map",
    )
st.button(
    t("Explore this toy model on every page"),
    icon=":material/travel_explore:",
    on_click=state.use_toy_model,
    args=(text,),
    help=t("Picks it in the sidebar's model list (this tab only; it is never saved on the server)."),
)
