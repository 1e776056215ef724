"""Every page on models that are not the paper's: pre-norm, no positions, learned positions, swish, and a
Marian-shaped folder. Each page runs clean, and what Add & Norm, Feed-forward and Tokens show is checked
against the modules that computed it (LayerNorm's output has mean 0, the activation named is the one that
ran, no positional chart is drawn for a model without positions)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from transformer import checkpoint
from transformer.config import ModelConfig
from transformer.model import Transformer

from .conftest import TINY
from .test_pages import NAMES, assert_clean, open_app

VARIANTS = {
    "pre-norm": dict(norm_first=True),
    "no-positions": dict(positional="none"),
    "learned-positions": dict(positional="learned"),
    "swish": dict(activation="swish", positional="sinusoidal_halves", output_bias=True),
}


@pytest.fixture(scope="module")
def variants(tmp_path_factory, tokenizer):
    root = tmp_path_factory.mktemp("checkpoints")
    for name, over in VARIANTS.items():
        torch.manual_seed(0)
        model = Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, **{**TINY, **over})).eval()
        with torch.no_grad():  # LayerNorms that are not the identity, so a missing one shows
            for m in model.modules():
                if isinstance(m, torch.nn.LayerNorm):
                    m.weight.uniform_(0.5, 2.0)
                    m.bias.normal_(0, 0.5)
        checkpoint.save(root / name, model, tokenizer)
    return root


@pytest.fixture
def served(variants, monkeypatch):
    from ui import models

    monkeypatch.setattr(models, "CHECKPOINTS", variants)
    return variants


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("page", NAMES)
def test_every_page_runs_on_a_variant(served, variant, page):
    at = open_app(page, "The cat sleeps on the sofa.", model=variant)
    assert_clean(at)
    assert at.session_state["model"] == variant
    for chart in at.get("plotly_chart"):
        assert "NaN" not in chart.proto.spec and "nan" not in json.loads(chart.proto.spec).get("data", "")


def _metric(at, label: str) -> float:
    return float(next(m.value for m in at.metric if m.label == label).rstrip("%"))


@pytest.mark.parametrize("variant", ["pre-norm", "no-positions"])
def test_add_and_norm_shows_the_layernorm_that_ran(served, variant, tokenizer):
    """Whatever the order, 'after LayerNorm' is LayerNorm's real output: γ, β applied to a vector of mean 0 and
    std 1. Oracle: torch's own LayerNorm module of that layer, applied to the vector the page says it normalised."""
    at = open_app("add_norm", "The cat sleeps on the sofa.", model=variant)
    assert_clean(at)
    model, _ = checkpoint.load(served / variant, "cpu")
    ln = model.encoder[0].add_norm[0].norm
    from ui.models import get_trace

    res = get_trace(variant, "The cat sleeps on the sofa.").encoder[0].residuals[0]
    pos = 0
    v = torch.tensor(res.x[pos] if model.cfg.norm_first else res.summed[pos])
    expected = ln(v).detach().numpy()
    assert _metric(at, "mean after LayerNorm") == pytest.approx(float(expected.mean()), abs=2e-3)
    assert _metric(at, "std after LayerNorm") == pytest.approx(float(expected.std()), abs=2e-3)
    title = "mean of x" if model.cfg.norm_first else "mean of x + Sublayer(x)"
    assert _metric(at, title) == pytest.approx(float(v.mean()), abs=2e-3)
    intro = " ".join(m.value for m in at.markdown)
    assert ("This model is **pre-norm**" in intro) == model.cfg.norm_first


def test_tokens_page_draws_no_positions_for_a_model_without_them(served):
    at = open_app("tokens", "The cat sleeps on the sofa.", model="no-positions")
    assert_clean(at)
    assert any("No positional encoding" in s.value for s in at.subheader)
    titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "") for c in at.get("plotly_chart")]
    assert not any("PE" in t or "Cosine similarity of positional" in t for t in titles)


def test_tokens_page_draws_the_halves_layout_for_a_marian_style_model(served):
    at = open_app("tokens", "The cat sleeps on the sofa.", model="swish")
    assert_clean(at)
    assert any("sines first, then cosines" in s.value for s in at.subheader)
    model, _ = checkpoint.load(served / "swish", "cpu")
    pe = model.pos.pe.numpy()
    D = pe.shape[1]
    # oracle: the formula itself, at position 3, for the first sine and the first cosine
    assert pe[3, 0] == pytest.approx(math.sin(3.0)) and pe[3, D // 2] == pytest.approx(math.cos(3.0))


def test_feed_forward_page_names_the_activation_that_ran(served):
    at = open_app("feed_forward", "The cat sleeps on the sofa.", model="swish")
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "swish" in text and "max(0, x W₁ + b₁)" not in text
    rows = [y for c in at.get("plotly_chart") for d in json.loads(c.proto.spec).get("data", []) for y in d.get("y", [])]
    assert "swish(x W₁ + b₁)" in rows and "ReLU(x W₁ + b₁)" not in rows
    model, _ = checkpoint.load(served / "swish", "cpu")
    from ui.models import get_trace

    ffn = get_trace("swish", "The cat sleeps on the sofa.").encoder[0].ffn
    pre = torch.tensor(ffn.pre)
    np.testing.assert_allclose(ffn.hidden, torch.nn.functional.silu(pre).numpy(), atol=1e-6)  # what ran is swish
    shown = _metric(at, "hidden units with a negative input, shrunk toward zero, for this piece")
    assert shown == pytest.approx(100 * float((ffn.pre[0] < 0).mean()), abs=0.06)


def test_every_page_runs_on_a_marian_folder(tmp_path, monkeypatch):
    pytest.importorskip("transformers")
    from tests.test_marian import SIZES, build_marian_folder
    from ui import models

    build_marian_folder(tmp_path / "opus-mt-en-zh", **SIZES["swish-small"])  # named as a hub download would be
    monkeypatch.setattr(models, "CHECKPOINTS", tmp_path)
    for page in NAMES:
        at = open_app(page, "The cat sleeps.", model="opus-mt-en-zh")
        assert_clean(at)
        assert at.session_state["model"] == "opus-mt-en-zh"
        said = [e.value for e in [*at.markdown, *at.caption, *at.subheader, *at.info]] + [r.label for r in at.radio]
        said += [str(o) for r in at.radio for o in r.options]
        german = [x[:80] for x in said if "German" in x and "German reference" not in x]
        assert not german, (page, german)  # an en-zh model is never described as writing German
    at = open_app("translate", "The cat sleeps.", model="opus-mt-en-zh")
    assert "Chinese" in [s.value for s in at.subheader]  # the target language comes from the model, not "German"
    assert at.sidebar.text_input(key="sidebar_source").label == "English sentence"
    assert any("Chinese piece" in c.value for c in at.caption)  # the caption counts Chinese pieces
    assert any("translates English to Chinese" in c.value for c in at.caption)  # the intro names them too
    roles = open_app("head_roles", "The cat sleeps.", model="opus-mt-en-zh")
    roles.select_slider(key="roles_n").set_value(20)
    roles.toggle(key="roles_on").set_value(True).run()
    assert_clean(roles)
    assert roles.get("plotly_chart")  # roles are read on English sentences ...
    assert any("writes Chinese" in i.value for i in roles.info)  # ... importance against German is left out
    (chart,) = at.get("graphviz_chart")
    assert "Chinese so far: <pad> + pieces" in chart.proto.spec  # Marian's decoder starts from the pad piece
    at = open_app("translate", "The cat sleeps.", model="opus-mt-en-zh", lang="zh")
    assert "中文" in [s.value for s in at.subheader] and at.sidebar.text_input(key="sidebar_source").label == "英语句子"


def test_model_page_describes_the_architecture_that_runs(served):
    at = open_app("model", "The cat sleeps.", model="swish")
    assert_clean(at)
    table = next(m.value for m in at.markdown if "feed-forward activation" in m.value)
    assert "swish" in table and "sines then cosines" in table and "| yes |" in table
    at = open_app("model", "The cat sleeps.", model="pre-norm")
    table = next(m.value for m in at.markdown if "feed-forward activation" in m.value)
    assert "| ReLU |" in table and "| pre-norm | post-norm |" in table


def test_model_page_shows_visitors_the_summary_and_keeps_the_card_behind_an_expander():
    at = open_app("model")
    assert_clean(at)
    assert any("About this model" in s.value for s in at.subheader)
    assert [e.label for e in at.expander if "whole model card" in e.label]
    outside = [m.value for m in at.main.markdown if "## Training" in m.value]
    inside = [m.value for e in at.expander for m in e.markdown if "## Training" in m.value]
    assert inside and len(outside) == len(inside)  # the maintainers' sections only inside the expander


def test_a_pre_norm_models_final_layernorms_are_recorded_and_shown(served):
    """Oracle: torch's LayerNorm module at the end of each stack, applied to the recorded input; the decoder's
    output through the tied output layer gives the logits the trace recorded."""
    from ui.models import get_trace

    model, _ = checkpoint.load(served / "pre-norm", "cpu")
    tr = get_trace("pre-norm", "The cat sleeps on the sofa.")
    fn = tr.final_norms
    enc = model.encoder_norm(torch.tensor(fn.encoder_in)).detach().numpy()
    np.testing.assert_allclose(fn.encoder_out, enc, atol=1e-5)
    np.testing.assert_allclose(tr.memory, enc, atol=1e-5)
    dec = model.decoder_norm(torch.tensor(fn.decoder_in)).detach()
    np.testing.assert_allclose(fn.decoder_out, dec.numpy(), atol=1e-5)
    np.testing.assert_allclose(tr.logits, (dec @ model.embed.lut.weight.T).detach().numpy(), atol=1e-4)
    assert get_trace("no-positions", "The cat sleeps on the sofa.").final_norms is None  # post-norm has none
    at = open_app("add_norm", "The cat sleeps on the sofa.", model="pre-norm")
    assert_clean(at)
    assert any("final LayerNorm" in s.value for s in at.subheader)
    assert _metric(at, "mean before") == pytest.approx(float(fn.encoder_in[0].mean()), abs=2e-3)
