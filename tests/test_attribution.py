"""Attribution against oracles that do not share its code: hand-computed rollouts and τ, finite differences
for gradient × input, pad-id masking through the model's own forward for leave-one-out."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch

from transformer import checkpoint
from transformer.attribution import (
    MEASURES,
    attribute,
    cross_rollout,
    gradient_x_input,
    input_x_gradient,
    kendall_tau,
    leave_one_out,
    rollout,
)
from transformer.trace import trace
from ui.models import CHECKPOINTS

SENTENCE = "the old house is near the river"


def test_rollout_of_identity_attention_is_the_identity():
    eye = np.eye(5)[None].repeat(4, 0)  # 4 heads that each attend only to their own position
    r = rollout([eye, eye, eye])
    assert r.shape == (3, 5, 5)
    np.testing.assert_allclose(r, np.eye(5)[None].repeat(3, 0))


def test_rollout_matches_a_hand_computed_two_layer_case():
    # Â1 = 0.5 I + 0.5 A1 = [[1, 0], [.25, .75]], Â2 = [[.75, .25], [0, 1]]; R2 = Â2 Â1 (order matters)
    a1 = np.array([[[1.0, 0.0], [0.5, 0.5]]])
    a2 = np.array([[[0.5, 0.5], [0.0, 1.0]]])
    r = rollout([a1, a2])
    np.testing.assert_allclose(r[0], [[1.0, 0.0], [0.25, 0.75]])
    np.testing.assert_allclose(r[1], [[0.8125, 0.1875], [0.25, 0.75]])


def test_cross_rollout_hand_case_and_conservation():
    # one decoder layer, T = 1, S = 2: self-attention keeps everything (T = 1), then half stays on the
    # decoder input and half is read from memory: cross weights [.25, .75] times the encoder's rollout
    encoder = np.array([[0.8, 0.2], [0.1, 0.9]])
    x, d = cross_rollout(encoder, [np.ones((1, 1, 1))], [np.array([[[0.25, 0.75]]])])
    np.testing.assert_allclose(d, [[0.5]])
    np.testing.assert_allclose(x, [[0.5 * (0.25 * 0.8 + 0.75 * 0.1), 0.5 * (0.25 * 0.2 + 0.75 * 0.9)]])
    rng = np.random.default_rng(0)

    def soft(*shape, causal=False):
        e = rng.random(shape) * (np.tril(np.ones(shape[-2:])) if causal else 1)
        return e / e.sum(-1, keepdims=True)

    x, d = cross_rollout(soft(4, 4), [soft(2, 3, 3, causal=True)] * 2, [soft(2, 3, 4)] * 2)
    np.testing.assert_allclose(x.sum(1) + d.sum(1), 1.0)


def test_input_x_gradient_of_a_linear_score_is_the_hand_value():
    torch.manual_seed(0)
    w, x = torch.randn(3, 5, 4), torch.randn(5, 4)  # three scores, each linear in five 4-d inputs
    got = input_x_gradient(lambda e: (w * e).sum((-1, -2)), x)
    np.testing.assert_allclose(got.numpy(), (w.numpy() * x.numpy()[None]).sum(-1), rtol=1e-5)


@pytest.fixture(scope="module")
def shipped():
    """The shipped model: a random tiny model repeats one piece, which would hide a step read from the wrong row."""
    return checkpoint.load(CHECKPOINTS / "en-de")


@pytest.fixture(scope="module")
def double_model(shipped):
    return copy.deepcopy(shipped[0]).double().eval()


def test_gradient_x_input_equals_finite_differences(double_model, shipped):
    """d/dε score_t(x with x_j scaled by 1+ε) at ε = 0 is x_j · ∇_{x_j} score_t: central differences through the
    plain forward pass, no autograd."""
    m, tokenizer = double_model, shipped[1]
    tr = trace(m, tokenizer, "My sister lives in a small house.")
    assert len({s.chosen_id for s in tr.steps}) == len(tr.steps)  # every step chose another piece
    got = gradient_x_input(m, tr)
    src = torch.tensor([tr.src.ids])
    tgt = torch.tensor([tr.tgt.ids])
    base = m.embed.lut(src) * m.embed.scale + m.pos(src.shape[1])
    from transformer.model import padding_mask, subsequent_mask

    def logp(embedded, t):
        mask = padding_mask(src, m.cfg.pad_id)
        memory = m.encode(src, mask, embedded=embedded).memory
        logits = m.decode(memory, mask, tgt, subsequent_mask(tgt.shape[1])).logits[0, t]
        logits = logits.masked_fill(m.never_output, float("-inf"))
        return float(logits.log_softmax(-1)[tr.steps[t].chosen_id])

    # small: the feed-forward ReLU has kinks, and a central difference across one is not the derivative (at
    # 1e-5 one step of the shipped weights of 2026-12-06 crossed a kink); float64 keeps 1e-7 exact enough
    eps = 1e-7
    with torch.no_grad():
        for t in range(len(tr.steps)):
            for j in range(src.shape[1]):
                up, down = base.clone(), base.clone()
                up[0, j] *= 1 + eps
                down[0, j] *= 1 - eps
                fd = (logp(up, t) - logp(down, t)) / (2 * eps)
                assert got[t, j] == pytest.approx(fd, rel=1e-3, abs=1e-6)


def chosen_log_probs(model, tr, src: torch.Tensor) -> np.ndarray:
    """(T,) log-probability of each of `tr`'s chosen pieces, teacher-forced, for the source ids `src` (1, S):
    the model's own forward, which masks pad keys in the encoder and in cross-attention."""
    chosen = [s.chosen_id for s in tr.steps]
    with torch.no_grad():
        logits = model(src, torch.tensor([tr.tgt.ids]))[0].masked_fill(model.never_output, float("-inf"))
    return logits.log_softmax(-1)[range(len(chosen)), chosen].numpy()


def leave_one_out_by_pads(model, tr) -> np.ndarray:
    """(T, S) the oracle: source piece j replaced by the pad id, one forward pass each."""
    src = torch.tensor([tr.src.ids])
    full = chosen_log_probs(model, tr, src)
    pads = [src.index_fill(1, torch.tensor([j]), model.cfg.pad_id) for j in range(src.shape[1])]
    return np.stack([full - chosen_log_probs(model, tr, p) for p in pads], 1)


def test_leave_one_out_equals_a_pad_in_the_source(shipped):
    """Hiding piece j is what a pad id there does through the model's own forward."""
    model, tokenizer = shipped
    tr = trace(model, tokenizer, "My sister lives in a small house.")
    chosen = [s.chosen_id for s in tr.steps]
    full = chosen_log_probs(model, tr, torch.tensor([tr.src.ids]))
    np.testing.assert_allclose(full, np.log(tr.probs[range(len(chosen)), chosen]), atol=1e-5)
    np.testing.assert_allclose(leave_one_out(model, tr), leave_one_out_by_pads(model, tr), atol=1e-5)


def test_leave_one_out_of_a_one_piece_source_is_nan(model, tokenizer):
    tr = trace(model, tokenizer, "house")
    if len(tr.src.ids) == 1:
        assert np.isnan(leave_one_out(model, tr)).all()


def test_kendall_tau_hand_values():
    assert kendall_tau([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # pairs (1,2) and (1,3) concordant, (2,3) discordant: (2 - 1) / 3
    assert kendall_tau([1, 2, 3], [1, 3, 2]) == pytest.approx(1 / 3)
    # tau-b with a tie in a: 2 concordant of 3 pairs, one tied in a: 2 / sqrt((3 - 1) * 3)
    assert kendall_tau([1, 1, 2], [1, 2, 3]) == pytest.approx(2 / np.sqrt(6))
    assert np.isnan(kendall_tau([1, 1, 1], [1, 2, 3]))


def test_attribute_reads_attention_from_the_trace_and_gives_every_measure(model, tokenizer):
    tr = trace(model, tokenizer, SENTENCE)
    a = attribute(model, tr, layer=0)
    T, S = len(tr.steps), len(tr.src.ids)
    np.testing.assert_array_equal(a.attention, tr.decoder[0].cross_attn.weights.mean(0))
    for name in MEASURES:
        assert a.measure(name).shape == (T, S)
    np.testing.assert_allclose(a.rollout.sum(1), 1.0, rtol=1e-6)
    assert set(a.agreement()) == {(x, y) for i, x in enumerate(MEASURES) for y in MEASURES[i + 1 :]}
    # τ of a measure with itself is 1 wherever it is defined
    same = np.array([kendall_tau(r, r) for r in a.measure("leave-one-out")])
    assert np.allclose(same[~np.isnan(same)], 1.0)
