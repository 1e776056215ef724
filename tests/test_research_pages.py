"""The two research pages under AppTest, their numbers read back from the page and checked against oracles
computed here without the page's code: the trace's own weights, leave-one-out by pad ids through the
model's forward, Kendall's τ by counting pairs, sacreBLEU's chrF of plain translations."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest
import sacrebleu
import torch

from transformer import checkpoint
from transformer.dataset import EVERYDAY_DEV, read_pairs
from transformer.trace import trace
from transformer.translation import translate_texts
from ui.models import CHECKPOINTS

from .test_attribution import leave_one_out_by_pads
from .test_pages import _array, assert_clean, open_app

SENTENCE = "My sister lives in a small house."


@pytest.fixture(scope="module")
def shipped():
    return checkpoint.load(CHECKPOINTS / "en-de")


def chart(at, n: int) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


def tau_by_counting(a, b) -> float:
    """Kendall's τ-b from its definition, pair by pair."""
    conc = disc = ties_a = ties_b = pairs = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            pairs += 1
            da, db = np.sign(a[i] - a[j]), np.sign(b[i] - b[j])
            ties_a += da == 0
            ties_b += db == 0
            conc += da * db > 0
            disc += da * db < 0
    return (conc - disc) / np.sqrt((pairs - ties_a) * (pairs - ties_b))


def test_attribution_page_shows_the_traces_attention_and_an_independent_tau(shipped):
    model, tokenizer = shipped
    at = open_app("attribution", SENTENCE)
    assert_clean(at)
    at.selectbox(key="attr_layer").set_value(0).run()
    assert_clean(at)
    tr = trace(model, tokenizer, SENTENCE)
    expected = tr.decoder[0].cross_attn.weights.mean(0)  # (T, S)
    z = _array(chart(at, 0)["data"][0]["z"])  # the first map: rows output pieces, columns source pieces
    np.testing.assert_allclose(z, expected, atol=1e-6)

    loo = leave_one_out_by_pads(model, tr)  # a pad id in the source, through the model's own forward
    taus = [tau_by_counting(expected[t], loo[t]) for t in range(len(tr.steps))]
    table = at.dataframe[0].value
    row = table[table.iloc[:, 0] == "attention ~ leave-one-out"]
    assert float(row.iloc[0, 1]) == pytest.approx(np.nanmean(taus), abs=1e-3)


def test_head_roles_page_curve_starts_at_the_plain_chrf_and_opens_a_head(shipped):
    model, tokenizer = shipped
    at = open_app("head_roles", SENTENCE)
    assert_clean(at)
    assert not at.get("plotly_chart")  # nothing is computed before the study is switched on
    at.select_slider(key="roles_n").set_value(20).run()
    at.toggle(key="roles_on").set_value(True).run()
    assert_clean(at)
    grid = chart(at, 0)
    maps = [d for d in grid["data"] if d["type"] == "heatmap"]
    # the hover's role names and the legend, as plotly text (markup escaped: "<s>" would strike through)
    shown_roles = [html.unescape(cell[0]) for m in maps for row in m["customdata"] for cell in row]
    legend = {html.unescape(d["name"]) for d in grid["data"] if d["type"] == "scatter"}
    assert not any("<s>" in d["name"] for d in grid["data"] if d["type"] == "scatter")
    table_roles = list(at.dataframe[0].value["role"])
    assert len(shown_roles) == len(table_roles) == 3 * model.cfg.n_layers * model.cfg.n_heads
    assert sorted(shown_roles) == sorted(table_roles)
    assert legend == set(table_roles)  # one legend entry per role that occurs

    at.toggle(key="roles_prune").set_value(True).run()
    assert_clean(at)
    en, de = read_pairs(EVERYDAY_DEV)
    plain = sacrebleu.corpus_chrf(translate_texts(model, tokenizer, en[:20]), [de[:20]]).score
    curves = chart(at, 2)["data"]
    assert all(_array(c["y"])[0] == pytest.approx(plain) for c in curves)
    said = re.search(r"chrF is \*\*([\d.]+)\*\*", " ".join(m.value for m in at.markdown)).group(1)
    assert float(said) == pytest.approx(plain, abs=0.05)

    first_ten = list(at.dataframe[1].value["head"])

    # Experiments' ranking names the heads this curve switches off first (the study is cached for the model)
    ex = open_app("experiments", SENTENCE)
    ex.toggle(key="exp_rank").set_value(True).run()
    assert_clean(ex)
    said = next(c.value for c in ex.caption if "pruning curve" in c.value)
    assert said.endswith(": " + "; ".join(first_ten[:5]) + "."), said

    at.selectbox(key="roles_pick").set_value("cross-attention, layer 2, head 4").run()
    at.button(key="roles_open").click().run()
    assert_clean(at)
    assert at.radio(key="heads_kind").value == "cross-attention"
    assert (at.selectbox(key="heads_layer").value, at.selectbox(key="heads_head").value) == (1, 3)


def test_decoding_page_marks_the_steps_the_loop_rule_changed(shipped):
    """'It will snow tomorrow.' loops under plain greedy decoding (Schnee × 12); the page marks the first step
    where the rule's output and plain greedy's part, and shows plain greedy's text beside."""
    model, tokenizer = shipped
    text = "It will snow tomorrow."
    src = torch.tensor([tokenizer.encode(text)])
    from transformer.decode import greedy_decode

    plain = greedy_decode(model, src)[0]  # the plain argmax, step by step
    ruled = [s.chosen_id for s in trace(model, tokenizer, text).steps]
    first = next(i for i, (a, b) in enumerate(zip(plain, ruled)) if a != b)
    at = open_app("decoding", text, step=str(first + 1))
    assert_clean(at)
    warning = " ".join(w.value for w in at.warning)
    assert f"would take `{tokenizer.id_to_piece([plain[first]])[0]}`" in warning
    assert f"took `{tokenizer.id_to_piece([ruled[first]])[0]}`" in warning
    assert tokenizer.decode(plain) in [c.value for c in at.code]
    said = next(m.value for m in at.markdown if "The rule acted at step" in m.value)
    assert str(first + 1) in said.split("step", 1)[1]
