"""Every page under Streamlit's AppTest, with the shipped model: no exception, no error box.

AppTest runs only the page script on reruns of an st.navigation app (not the frame around it), so
each test opens a fresh session on the page it checks, through the same frame app.py uses."""

from __future__ import annotations

import html
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from ui.frame import PAGES, PAGES_DIR

TIMEOUT = 180
NAMES = [name for name, _, _ in PAGES]


def open_app(page: str = "translate", sentence: str | None = None, guess_first: bool = False, **query) -> AppTest:
    """A fresh session on `page`. 'Guess first' is off unless asked for: most tests read the whole page."""
    at = AppTest.from_string(f"from ui.frame import run\nrun(default={page!r})", default_timeout=TIMEOUT)
    at.session_state["guess_first"] = guess_first
    if sentence is not None:
        at.session_state["sentence"] = sentence
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_home_translates_a_typed_sentence():
    at = open_app()
    assert_clean(at)
    at.text_area(key="source").input("The cat is sleeping on the sofa.").run()
    assert_clean(at)
    shown = [c.value for c in at.main.code]
    assert shown and shown[0].strip() and not shown[0].startswith("(empty")
    assert at.session_state["sentence"] == "The cat is sleeping on the sofa."


def test_a_link_reopens_the_same_sentence():
    at = open_app(text="I am learning German.")
    assert_clean(at)
    assert at.text_area(key="source").value == "I am learning German."
    assert at.sidebar.text_input(key="sidebar_source").value == "I am learning German."


@pytest.mark.parametrize("page", NAMES)
def test_every_page_runs_on_the_shared_sentence(page):
    at = open_app(page, "Where is the train station?")
    assert_clean(at)
    assert at.sidebar.text_input(key="sidebar_source").value == "Where is the train station?"
    assert at.sidebar.selectbox(key="model_picker").value == "en-de"
    at.run()  # a rerun of the same page reads the cached trace
    assert_clean(at)


@pytest.mark.parametrize(
    "text, message",
    [("", "Type a sentence in English"), ("   ", "Type a sentence in English"), ("word " * 400, "only its first")],
)
def test_bad_input_gets_a_message_not_a_traceback(text, message):
    at = open_app()
    at.text_area(key="source").input(text).run()
    assert not at.exception
    shown = [m.value for m in list(at.info) + list(at.warning)]
    assert any(message in m for m in shown), shown


def test_a_paste_longer_than_the_limit_is_cut_with_a_message():
    """A paste of more than 2,000 characters used to be refused by the box without a word."""
    from ui.models import MAX_CHARS

    at = open_app()
    text = "The cat sleeps on the sofa. " * 100
    at.text_area(key="source").input(text).run()
    assert_clean(at)
    assert at.session_state["sentence"] == text[:MAX_CHARS]
    shown = [w.value for w in at.warning]
    assert any(f"{len(text):,} characters" in w and f"{MAX_CHARS:,}" in w for w in shown), shown


@pytest.mark.parametrize("text", ["I ❤️ pizza 🍕", "我爱你", "<b>bold</b> <script>alert(1)</script>"])
@pytest.mark.parametrize("page", ["translate", "tokens"])
def test_odd_text_is_shown_as_pieces(text, page):
    at = open_app(page, text)
    assert_clean(at)
    shown = [m.value for m in at.markdown] + [c.proto.spec for c in at.get("plotly_chart")]
    assert not any("<script>" in s or "<b>" in s for s in shown)  # markup is never rendered as markup
    if "<script>" in text:  # ... it is shown as text: the pieces of "<script>" appear escaped on the charts
        assert any("&lt;" in s and "script" in s for s in shown)


def test_changing_the_sentence_on_another_page_changes_it_everywhere():
    at = open_app("heads")
    at.sidebar.text_input(key="sidebar_source").input("I am hungry.").run()
    assert_clean(at)
    assert at.session_state["sentence"] == "I am hungry."
    at.switch_page(str(PAGES_DIR / "translate.py")).run()
    assert at.text_area(key="source").value == "I am hungry."


def test_decoding_page_steps_forward_counts_from_one_and_play_ends_on_the_last_step():
    at = open_app("decoding")
    next_button = next(b for b in at.button if "next" in b.label)
    next_button.click().run()
    assert_clean(at)
    assert at.select_slider(key="dec_step").value == 1
    assert any("**Step 2 of" in m.value for m in at.markdown)  # shown 1-based, like the slider's labels
    n = len(at.select_slider(key="dec_step").options)
    assert at.select_slider(key="dec_step").options[0] == f"1 of {n}"
    next(b for b in at.button if "play" in b.label).click().run(timeout=TIMEOUT)
    assert_clean(at)
    assert at.select_slider(key="dec_step").value == n - 1


def test_decoding_buttons_move_one_step_per_click():
    """Each click moves the step at once (it acted one click late: next, next stayed on 2)."""
    at = open_app("decoding", "The children are playing in the garden behind the old house.")
    n = len(at.select_slider(key="dec_step").options)
    assert n >= 5

    def click(word: str) -> int:
        next(b for b in at.button if b.label == word).click().run()
        assert_clean(at)
        shown = [m.value for m in at.markdown if m.value.startswith("**Step ")]
        step = at.select_slider(key="dec_step").value
        assert shown and shown[0].startswith(f"**Step {step + 1} of {n}**")
        return step + 1  # as on screen

    assert [click(w) for w in ("next", "next", "next", "back", "first", "next", "back", "back")] == [
        2,
        3,
        4,
        3,
        1,
        2,
        1,
        1,
    ]
    at.select_slider(key="dec_step").set_value(3).run()  # the slider, then a button, agree
    assert click("next") == 5


def test_translate_caption_counts_in_words_and_says_the_timings_are_from_the_first_run():
    at = open_app("translate", "Hi")  # one piece: ▁Hi
    assert_clean(at)
    caption = " ".join(c.value for c in at.caption)
    assert "1 English piece →" in caption and "1 English pieces" not in caption
    assert "first translated" in caption and "Ctrl+Enter" in caption


def test_attention_page_what_if_switch():
    at = open_app("attention")
    at.toggle[0].set_value(True).run()
    assert_clean(at)
    assert any("without" in c.value for c in at.caption)


def test_corrupt_checkpoint_says_what_to_run(tmp_path, monkeypatch):
    from ui import models

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    (broken / "model.pt").write_bytes(b"not a checkpoint")
    (broken / "spm.model").write_bytes(b"not a tokenizer")
    monkeypatch.setattr(models, "CHECKPOINTS", tmp_path)
    at = open_app()
    assert not at.exception
    assert any("python -m transformer.train" in e.value for e in at.error), [e.value for e in at.error]
    assert not any(str(tmp_path) in e.value for e in at.error)  # no server paths shown to visitors


def test_model_picker_lists_a_user_trained_checkpoint(tmp_path, monkeypatch):
    from ui import models

    for name in ("en-de", "my-run"):  # a folder that `python -m transformer.train --out checkpoints/my-run` made
        (tmp_path / name).mkdir()
        for f in ("config.json", "model.pt", "spm.model"):
            (tmp_path / name / f).symlink_to(models.CHECKPOINTS / "en-de" / f)
    (tmp_path / "half-copied").mkdir()  # a folder without weights is not offered
    (tmp_path / "half-copied" / "config.json").symlink_to(models.CHECKPOINTS / "en-de" / "config.json")
    monkeypatch.setattr(models, "CHECKPOINTS", tmp_path)
    at = open_app(sentence="I am hungry.")
    picker = at.sidebar.selectbox(key="model_picker")
    assert picker.options == ["en-de", "my-run"] and picker.value == "en-de"
    picker.select("my-run").run()
    assert_clean(at)
    assert at.session_state["model"] == "my-run"
    assert at.query_params["model"] == "my-run"  # a link reopens this model
    assert at.main.code and at.main.code[0].value.strip()


def test_a_link_to_a_missing_model_says_so():
    at = open_app(model="doesnotexist")
    assert not at.exception
    assert any("no model 'doesnotexist'" in w.value for w in at.warning)
    assert at.session_state["model"] == "en-de" and at.main.code[0].value.strip()


def test_sessions_keep_their_own_sentence():
    first = open_app(sentence="I am hungry.")
    second = open_app(sentence="The cat is sleeping on the sofa.")
    first.run()
    assert_clean(first)
    assert_clean(second)
    assert first.text_area(key="source").value == "I am hungry."
    assert second.text_area(key="source").value == "The cat is sleeping on the sofa."
    assert first.main.code[0].value != second.main.code[0].value


# ---- Train one yourself -------------------------------------------------------------------------


def test_train_a_toy_model_with_every_switch_then_try_and_explore_it():
    at = open_app("toy")
    assert_clean(at)
    assert "Pick a task" in " ".join(i.value for i in at.info)
    at.selectbox(key="toy_task").set_value("copy")
    at.slider(key="toy_seconds").set_value(5)
    at.radio(key="toy_positional").set_value("none")
    at.checkbox(key="toy_causal").uncheck()
    at.checkbox(key="toy_scale").uncheck()
    at.radio(key="toy_norm").set_value("pre-norm")
    next(b for b in at.button if b.label == "Train").click().run(timeout=TIMEOUT)
    assert_clean(at)
    (run,) = at.session_state["toy_runs"]
    assert run.settings.label() == "copy, no positional encoding, no causal mask, no ÷√d_k, pre-norm"
    assert run.steps > 0 and run.history and not run.model.training
    table = at.dataframe[0].value
    assert table["run"].tolist() == [run.settings.label()] and table["steps"].tolist() == [run.steps]
    assert "toy model (this tab)" in at.sidebar.selectbox(key="model_picker").options
    at.text_input(key="toy_input").input("b a d").run()
    assert_clean(at)
    from transformer.trace import trace

    answer = trace(run.model, run.task.vocab, "b a d").translation  # that model's greedy answer
    assert at.main.code[0].value == (answer or "(empty: the model chose end-of-sequence first)")
    next(b for b in at.button if b.label.startswith("Explore")).click().run()
    assert at.session_state["model"] == "toy model (this tab)" and at.session_state["sentence"] == "b a d"


@pytest.fixture(scope="module")
def toy_run():
    from transformer.toy import ToySettings, new_run, train

    run = new_run(ToySettings(task="copy", seconds=2.0))
    for _ in train(run, report_every=1.0):
        pass
    return run


@pytest.mark.parametrize("page", NAMES)
def test_every_page_explores_the_toy_model(page, toy_run):
    at = AppTest.from_string(f"from ui.frame import run\nrun(default={page!r})", default_timeout=TIMEOUT)
    at.session_state["guess_first"] = False
    at.session_state["toy_runs"] = [toy_run]
    at.session_state["model"] = "toy model (this tab)"
    at.session_state["sentence"] = "c a b"
    at.run()
    assert_clean(at)
    assert at.sidebar.selectbox(key="model_picker").value == "toy model (this tab)"
    if page != "toy":
        assert at.session_state["sentence"] == "c a b"


# ---- Experiments --------------------------------------------------------------------------------


def test_switching_heads_off_translates_again_with_them_off():
    from transformer import checkpoint
    from transformer.experiments import ablate
    from transformer.trace import trace

    sentence = "Where is the train station?"
    at = open_app("experiments", sentence)
    assert_clean(at)
    assert len(at.main.code) == 1 and any("Pick heads" in i.value for i in at.info)  # nothing off: nothing rerun
    every_cross_head = [(2, layer, h) for layer in range(3) for h in range(8)]
    at.multiselect(key="exp_off").set_value(every_cross_head).run()
    assert_clean(at)
    model, tokenizer = checkpoint.load(device="cpu")
    expected = ablate(model, tokenizer, trace(model, tokenizer, sentence), every_cross_head)
    assert at.main.code[1].value == expected.trace.translation != at.main.code[0].value
    assert at.warning and "The translation changed" in at.warning[0].value
    at.toggle(key="exp_rank").set_value(True).run()
    assert_clean(at)
    drops = at.dataframe[0].value["drop (nats)"].tolist()
    assert len(drops) == 10 and drops == sorted(drops, reverse=True)


def test_decoding_time_machine_and_sampling_show_the_models_runs():
    from transformer import checkpoint
    from transformer.experiments import force, sample
    from transformer.trace import trace

    sentence = "My father works in a bank."
    at = open_app("decoding", sentence)
    assert_clean(at)
    model, tokenizer = checkpoint.load(device="cpu")
    tr = trace(model, tokenizer, sentence)
    assert len(at.main.code) == 0  # nothing forced, nothing sampled yet: the page costs one trace
    at.toggle(key="dec_sample_on").set_value(True).run()
    assert len(at.main.code) == 1  # the sampled line
    at.selectbox(key="dec_force").select_index(1).run()
    assert_clean(at)
    step = at.session_state["dec_step"]
    pick = at.selectbox(key="dec_force").value
    assert pick == 2  # the second alternative: the third most probable piece
    forced = force(model, tokenizer, tr, step, tr.steps[step].top_ids[pick])
    assert at.main.code[1].value == (forced.trace.translation or "(empty)")
    at.slider(key="dec_temperature").set_value(1.5)
    at.slider(key="dec_topk").set_value(3)
    at.number_input(key="dec_seed").set_value(7).run()
    assert_clean(at)
    assert at.main.code[2].value == (sample(model, tokenizer, tr, 1.5, 3, 7).text or "(empty)")


def test_beam_and_position_what_ifs_show_the_models_runs():
    from transformer import checkpoint
    from transformer.experiments import beam_vs_greedy, position_what_ifs
    from transformer.trace import trace

    sentence = "The children are playing in the big garden today."
    at = open_app("experiments", sentence)
    assert_clean(at)
    model, tokenizer = checkpoint.load(device="cpu")
    tr = trace(model, tokenizer, sentence)
    at.slider(key="exp_beam").set_value(2)
    at.toggle(key="exp_beam_on").set_value(True).run()
    assert_clean(at)
    bg = beam_vs_greedy(model, tokenizer, tr, 2)
    assert at.main.code[-1].value == bg.beam_text and len(at.dataframe[0].value) == sum(len(s) for s in bg.steps)
    at.number_input(key="exp_shuffle_seed").set_value(3)
    at.toggle(key="exp_whatif_on").set_value(True).run()
    assert_clean(at)
    w = position_what_ifs(model, tokenizer, tr, 3)
    shown = at.dataframe[-1].value["translation"].tolist()
    runs = [w.real, w.no_positions, w.shuffled, w.shuffled_no_positions, w.no_embedding_scale]
    assert shown == [text or "(empty)" for text in runs]  # an empty translation is said, not left blank
    assert shown[1] == shown[3]  # without positions, the shuffled sentence translates the same


# ---- Add & Norm, feed-forward -------------------------------------------------------------------


def test_add_norm_page_reads_the_chosen_layer_sublayer_and_piece():
    from transformer import checkpoint, explain
    from transformer.trace import trace

    at = open_app("add_norm", "The weather is nice today.")
    assert_clean(at)
    before = [m.value for m in at.metric]
    at.radio(key="an_side").set_value("decoder").run()
    at.selectbox(key="an_layer").set_value(2).run()
    at.selectbox(key="an_sublayer").set_value(1).run()  # cross-attention
    at.selectbox(key="an_pos").set_value(2).run()
    assert_clean(at)
    model, tokenizer = checkpoint.load(device="cpu")
    s = explain.norm_stats(trace(model, tokenizer, "The weather is nice today.").decoder[2].residuals[1], 2)
    assert [m.value for m in at.metric] == [f"{s.mean:.3f}", f"{s.std:.3f}", f"{s.out_mean:.3f}", f"{s.out_std:.3f}"]
    assert [m.value for m in at.metric] != before
    at.sidebar.text_input(key="sidebar_source").input("My brother plays the guitar.").run()
    assert_clean(at)
    assert [m.value for m in at.metric] != [f"{s.mean:.3f}", f"{s.std:.3f}", f"{s.out_mean:.3f}", f"{s.out_std:.3f}"]


def test_feed_forward_page_reads_the_chosen_layer_and_piece():
    from transformer import checkpoint
    from transformer.trace import trace

    at = open_app("feed_forward", "The weather is nice today.")
    assert_clean(at)
    at.radio(key="ff_side").set_value("decoder").run()
    at.selectbox(key="ff_layer").set_value(1).run()
    at.selectbox(key="ff_pos").set_value(3).run()
    assert_clean(at)
    model, tokenizer = checkpoint.load(device="cpu")
    ffn = trace(model, tokenizer, "The weather is nice today.").decoder[1].ffn
    assert at.metric[0].value == f"{ffn.zero_share[3]:.1%}"
    at.selectbox(key="ff_other").set_value(0).run()
    assert_clean(at)


def test_worked_example_defaults_to_the_classic_one_and_an_emptied_cell_gets_a_message():
    at = open_app("attention")
    assert_clean(at)
    assert [m.value for m in at.metric][:2] == ["0.43", "0.40"]
    at.session_state["worked_example"] = {"edited_rows": {1: {"x2": None}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert any("Every cell needs a number" in w.value for w in at.warning)
    assert not any(m.value == "nan" for m in at.metric)
    at.session_state["worked_example"] = {"edited_rows": {1: {"x2": 2.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert [m.value for m in at.metric][0] != "0.43"  # the edit reached the computation


def test_families_page_draws_over_the_users_pieces():
    at = open_app("families", "I like cats.")
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    short = [m for m in ("sequential steps (one per layer) instead of",) if m in text]
    assert short
    at.sidebar.text_input(key="sidebar_source").input("The children are playing in the big garden today.").run()
    assert_clean(at)
    assert " ".join(m.value for m in at.markdown) != text  # the counts follow the sentence


def test_translate_page_draws_the_architecture_for_this_sentence():
    at = open_app("translate", "The children are playing in the big garden today.")
    assert_clean(at)
    (chart,) = at.get("graphviz_chart")
    assert "10 × 256" in chart.proto.spec and "weights 8 × 10 × 10" in chart.proto.spec
    assert len(at.get("page_link")) == 8  # each part links to the page that opens it


def test_latent_space_page_follows_the_sentence_and_the_second_sentence():
    at = open_app("latent", "The bank of the river is green.")
    assert_clean(at)
    assert at.session_state["lat_pos"] == 1  # ▁bank, shared with the default second sentence
    drift = [c.value for c in at.caption if "moves apart" in c.value]
    assert drift and "cosine" in drift[0]
    at.text_input(key="lat_other").input("Nothing in common here").run()
    assert_clean(at)
    assert any("does not contain" in i.value for i in at.info)
    at.text_input(key="lat_other").input("The river bank is steep.").run()
    assert_clean(at)
    assert [c.value for c in at.caption if "moves apart" in c.value] != drift


QUIZ_PAGES = [
    "translate",
    "tokens",
    "latent",
    "heads",
    "add_norm",
    "feed_forward",
    "causal_mask",
    "decoding",
    "families",
]


@pytest.mark.parametrize("page", QUIZ_PAGES)
def test_check_yourself_reveals_the_answer_after_a_guess(page):
    at = open_app(page, "My sister reads a book every evening.")
    assert_clean(at)
    (radio,) = [r for r in at.radio if (r.key or "").startswith("quiz")]
    assert radio.value is None and not at.success  # nothing revealed before the guess
    key, right, named = radio.key, [], set()
    for option in radio.options:  # exactly one guess is right; every wrong one names that one
        at.radio(key=key).set_value(option).run()
        assert_clean(at)
        if at.success:
            assert at.success[0].value.startswith("Right.")
            right.append(option)
        else:
            named.add(html.unescape(at.warning[0].value.split("the answer is **")[1].split("**")[0]))
    assert len(right) == 1 and named <= set(right)


def test_feed_forward_numbers_follow_the_sentence():
    from transformer import checkpoint
    from transformer.trace import trace

    at = open_app("feed_forward", "The weather is nice today.")
    at.sidebar.text_input(key="sidebar_source").input("Yesterday we bought three old chairs.").run()
    at.selectbox(key="ff_pos").set_value(2).run()
    assert_clean(at)
    model, tokenizer = checkpoint.load(device="cpu")
    ffn = trace(model, tokenizer, "Yesterday we bought three old chairs.").encoder[0].ffn
    assert at.metric[0].value == f"{ffn.zero_share[2]:.1%}"


@pytest.mark.parametrize("sentence", ["Where is the train station?", "The children are playing in the garden."])
def test_causal_mask_caption_says_what_the_table_shows(sentence):
    """The count in the caption is read back against the table's two prediction columns, and a caption never
    says predictions change when none did (it said '8 of 8 stay the same … predictions change')."""
    import re

    at = open_app("causal_mask", sentence)
    assert_clean(at)
    table = at.dataframe[0].value
    same = int((table["with mask: predicts"] == table["without mask: predicts"]).sum())
    n = len(table)
    caption = next(c.value for c in at.caption if "predictions stay the same" in c.value)
    if same == n:
        assert caption.startswith(f"All {n} predictions stay the same") and "predictions change" not in caption
    else:
        m = re.match(r"(\d+) of (\d+) predictions stay the same; (\d+) change", caption)
        assert m and tuple(map(int, m.groups())) == (same, n, n - same)


def _array(value) -> np.ndarray:
    """A plotly JSON array: a list, or plotly's typed-array form {"dtype", "bdata" (base64), "shape"}."""
    if isinstance(value, dict):
        import base64

        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return flat.reshape([int(n) for n in str(value.get("shape", len(flat))).split(",")]).astype(float)
    return np.array(value, dtype=float)


def test_hiding_special_pieces_keeps_the_causal_triangle_and_hides_them_on_translate():
    """With <s> and </s> hidden, the causal mask's softmax map stays a lower triangle with its diagonal on
    the diagonal (the <s> column went, so the '<s> → …' row must go too), and Translate's cross-attention
    maps lose their '<s> → …' row."""
    at = AppTest.from_string("from ui.frame import run\nrun(default='causal_mask')", default_timeout=TIMEOUT)
    at.session_state["guess_first"] = False
    at.session_state["sentence"] = "The children are playing in the garden."
    at.session_state["opt_hide_special"] = True
    at.run()
    assert_clean(at)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    soft = next(s for s in specs if s["layout"].get("title", {}).get("text", "").startswith("softmax"))
    z = _array(soft["data"][0]["z"])
    assert z.shape[0] == z.shape[1] and not any("&lt;s&gt;" in str(y) for y in soft["data"][0]["y"])
    assert np.allclose(np.triu(z, 1), 0) and (np.diag(z) > 0).all()
    at2 = AppTest.from_string("from ui.frame import run\nrun(default='translate')", default_timeout=TIMEOUT)
    at2.session_state["guess_first"] = False
    at2.session_state["sentence"] = "The children are playing in the garden."
    at2.session_state["opt_hide_special"] = True
    at2.run()
    assert_clean(at2)
    for spec in (json.loads(c.proto.spec) for c in at2.get("plotly_chart")):
        if spec["layout"].get("title", {}).get("text", "").startswith(("Attention weights α", "Value-weighted")):
            rows = [str(y) for y in spec["data"][0]["y"]]
            assert rows and not any(r.startswith("&lt;s&gt; →") for r in rows)


@pytest.mark.parametrize("sentence", ["The weather is nice today.", "My father works in a big hospital.", "Hello!"])
def test_latent_space_opens_on_a_comparison_and_a_fair_question(sentence):
    """The default second sentence shares a piece with the learner's (the section opened empty for most
    sentences), and the nearest-piece question's options are all near pieces, none of them the sentence's
    own (the right answer was the odd one out). Oracle: cosines of the centred embedding rows, by numpy."""
    from transformer import checkpoint

    at = open_app("latent", sentence)
    assert_clean(at)
    if sentence != "Hello!":
        assert not any("does not contain" in i.value for i in at.info)
        assert [c.value for c in at.caption if "moves apart" in c.value]
    model, tok = checkpoint.load(checkpoint.DEFAULT_CHECKPOINT, "cpu")
    E = model.embed.lut.weight.detach().numpy().astype(np.float64)
    rel = E - E[4:].mean(0)
    rel /= np.linalg.norm(rel, axis=1, keepdims=True)
    pos = at.session_state["lat_pos"]
    piece_id = tok.encode(sentence)[pos]
    sims = rel @ rel[piece_id]
    sims[:4], sims[piece_id] = -np.inf, -np.inf
    top10 = set(tok.id_to_piece(np.argsort(-sims)[:10].tolist()))
    quiz = at.radio(key=f"quiz_latent_{pos}")
    options = [o.replace("\\", "") for o in quiz.options]
    assert set(options) <= {o.replace("\\", "") for o in top10}, (options, top10)
    assert not set(options) & set(tok.pieces(sentence)) - top10
    nearest = tok.id_to_piece([int(np.argmax(sims))])[0]  # the right answer, by numpy
    quiz.set_value(quiz.options[options.index(nearest)]).run()
    assert at.success and at.success[0].value.startswith("Right.")


@pytest.mark.parametrize("page, after", [("tokens", "1 · Sentencepiece"), ("heads", "One head in focus")])
def test_guess_first_hides_what_gives_the_answer_away_until_a_guess(page, after):
    """With 'Guess first' on (the default for visitors), the page stops at its question: the part that shows
    the answer appears after a guess, or after 'Show the page without guessing'."""
    at = open_app(page, "My sister reads a book every evening.", guess_first=True)
    assert_clean(at)
    assert not any(s.value.startswith(after) for s in at.subheader)
    (radio,) = [r for r in at.radio if (r.key or "").startswith("quiz")]
    radio.set_value(radio.options[0]).run()
    assert_clean(at)
    assert any(s.value.startswith(after) for s in at.subheader)
    fresh = open_app(page, "My sister reads a book every evening.", guess_first=True)
    next(b for b in fresh.button if b.label == "Show the page without guessing").click().run()
    assert any(s.value.startswith(after) for s in fresh.subheader)
    assert open_app(page, "My sister reads a book every evening.", guess_first=False).subheader  # switched off
