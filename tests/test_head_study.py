"""Head roles, importance and pruning against planted answers: a model wired by hand to have a
previous-position head, planted weight arrays, finite differences for importance, weight surgery and
sacreBLEU for the pruning curve."""

from __future__ import annotations

import copy
from collections import Counter

import numpy as np
import pytest
import sacrebleu
import torch

from transformer import head_study as hs
from transformer.config import ModelConfig
from transformer.experiments import head_mask
from transformer.model import HeadMask, Transformer
from transformer.trace import trace
from transformer.translation import translate_texts

SOURCES = [
    "the old house is near the river",
    "my sister works in a small bank",
    "we walked home",
    "where is the station",
    "the cat sleeps",
    "he reads a long book",
]


def previous_head_model(tokenizer) -> Transformer:
    """One layer, learned positions set to one-hot vectors, token embeddings zero: encoder head 1 of layer 1
    has W_Q x_i = c·e_i and W_K x_j = c·e_(j+1), so query i scores c² on key i−1 and 0 elsewhere."""
    cfg = ModelConfig(
        vocab_size=tokenizer.vocab_size, d_model=64, n_heads=2, n_layers=1, d_ff=64, dropout=0.0, positional="learned"
    )
    torch.manual_seed(1)
    m = Transformer(cfg).eval()
    c, d_k = 12.0, cfg.d_k  # 144 / sqrt(32) = 25 nats between the previous key and any other: one-hot
    with torch.no_grad():
        m.embed.lut.weight.zero_()
        m.pos.pe.zero_()
        m.pos.pe[:d_k, :d_k] = torch.eye(d_k)
        attn = m.encoder[0].self_attn
        for w in (attn.w_q, attn.w_k):
            w.weight[:d_k].zero_()
            w.bias[:d_k].zero_()
        attn.w_q.weight[:d_k, :d_k] = c * torch.eye(d_k)
        attn.w_k.weight[:d_k, :d_k] = (
            c * torch.from_numpy(np.eye(d_k, k=-1)).float()
        )  # row a reads column a-1: k_j = c·e_(j+1)
    return m


def test_a_head_wired_to_the_previous_position_is_classified_previous_and_no_other(tokenizer):
    m = previous_head_model(tokenizer)
    traces = [trace(m, tokenizer, s, top_k=1) for s in SOURCES]
    assert all(len(tr.src.ids) <= 32 for tr in traces)  # the one-hot positions cover every piece
    w = traces[0].encoder[0].self_attn.weights[0]
    assert (w[1:].argmax(-1) == np.arange(len(w) - 1)).all()  # the wiring works
    roles = hs.head_roles(traces)
    assert roles.of((0, 0, 0)) == "previous"
    assert roles.shares["previous"][0, 0, 0] == 1.0
    others = [hd for hd in hs.all_heads(1, 2) if hd != (0, 0, 0)]
    assert all(roles.of(hd) != "previous" for hd in others), {hd: roles.of(hd) for hd in others}
    # confidence (mean largest weight): 1 for every query but the first, which has no previous piece and
    # spreads evenly over the S keys
    lengths = [len(tr.src.ids) for tr in traces]
    expected = sum(S - 1 + 1 / S for S in lengths) / sum(lengths)
    assert roles.confidence[0, 0, 0] == pytest.approx(expected, rel=1e-4)


def targets_for(keys, n_queries, cross=False):
    return hs.targets(keys, n_queries, Counter({"▁river": 1, "▁the": 50, "▁house": 5}), cross)


def one_hot(cols, n_keys):
    w = np.zeros((1, len(cols), n_keys))
    w[0, range(len(cols)), cols] = 1.0
    return w


def test_planted_weights_hit_the_roles_they_were_planted_for():
    keys = ["▁the", "▁house", ",", "▁river", "."]
    t = targets_for(keys, 5)
    n_hit = lambda w, role: hs.hits(w, t, False)[role]  # noqa: E731
    assert n_hit(one_hot([0, 0, 1, 2, 3], 5), "previous") == (4, 4)  # query 0 has no previous piece
    assert n_hit(one_hot([1, 2, 3, 4, 4], 5), "next") == (4, 4)
    assert n_hit(one_hot([0, 1, 2, 3, 4], 5), "same") == (5, 5)
    assert n_hit(one_hot([3, 3, 3, 3, 3], 5), "rare") == (5, 5)  # ▁river is the rarest word here
    assert n_hit(one_hot([2, 4, 2, 4, 0], 5), "punctuation") == (4, 5)
    cross = targets_for(keys, 3, cross=True)
    assert hs.hits(one_hot([0, 2, 4], 5), cross, True)["diagonal"] == (3, 3)
    assert hs.hits(one_hot([4, 2, 0], 5), cross, True)["diagonal"] == (1, 3)  # anti-diagonal: only the middle


def test_roles_take_the_largest_share_that_passes_its_threshold():
    shares = {r: np.zeros((3, 1, 2)) for r in hs.ROLES}
    shares["previous"][0, 0] = [0.89, 0.95]  # 0.9 rule: head 1 is not positional, head 2 is
    shares["punctuation"][0, 0] = [0.6, 0.97]
    roles = hs.assign_roles(shares)
    assert roles[0, 0].tolist() == ["punctuation", "punctuation"]
    shares["punctuation"][0, 0, 1] = 0.2
    assert hs.assign_roles(shares)[0, 0].tolist() == ["punctuation", "previous"]


def test_importance_is_the_mean_absolute_gate_gradient_by_finite_differences(model, tokenizer):
    """|∂ loss / ∂ ξ| for each sentence from the loss at ξ = 1 ± ε (a plain forward pass with gates
    scaled, no autograd), averaged over sentences."""
    m = copy.deepcopy(model).double()
    pairs = [("the old house", "das alte Haus"), ("we walked home", "wir gingen nach Hause")]
    got = hs.head_importance(m, tokenizer, pairs, batch=2)
    src, tgt_in, tgt_out = next(hs._batches(m, tokenizer, pairs, 2))

    def loss(row, head, value):
        gates = HeadMask(*(g.double() for g in HeadMask.all_on(m.cfg, 1)))
        gates[head[0]][0, head[1], head[2]] = value
        with torch.no_grad():
            logits = m(src[row : row + 1], tgt_in[row : row + 1], heads=gates)
        return float(
            torch.nn.functional.cross_entropy(logits[0], tgt_out[row], ignore_index=m.cfg.pad_id, reduction="sum")
        )

    eps = 1e-6
    for head in [(0, 0, 0), (1, 1, 3), (2, 0, 5), (2, 1, 7)]:
        fd = [abs(loss(r, head, 1 + eps) - loss(r, head, 1 - eps)) / (2 * eps) for r in range(2)]
        assert got[head] == pytest.approx(np.mean(fd), rel=1e-4, abs=1e-9)


def test_layer_normalised_order_prunes_the_least_important_first():
    imp = np.zeros((3, 2, 2))
    imp[0, 0] = [1.0, 3.0]  # normalised by the layer's L2 norm: 0.316, 0.949
    imp[0, 1] = [0.1, 0.1]  # 0.707 each: small raw values, but the layer's own scale is taken out
    imp[1], imp[2] = [[2.0, 2.0], [2.0, 2.0]], [[1.0, 0.0], [0.0, 1.0]]
    order = hs.pruning_order(imp)
    assert order[:2] == [(2, 0, 1), (2, 1, 0)]  # zeros first
    assert order[2] == (0, 0, 0)
    assert hs.pruning_order(imp, kind=0) == [(0, 0, 0), (0, 1, 0), (0, 1, 1), (0, 0, 1)]
    assert sorted(hs.random_order(imp)) == sorted(order)


def test_pruning_curve_at_zero_is_the_unpruned_chrf_and_a_masked_head_equals_weight_surgery(model, tokenizer):
    pairs = [(s, "das ist ein Satz") for s in SOURCES[:4]]
    refs = [de for _, de in pairs]
    unpruned = sacrebleu.corpus_chrf(translate_texts(model, tokenizer, [en for en, _ in pairs]), [refs]).score
    order = [(2, 1, 3), (0, 0, 2), (1, 1, 0), (2, 0, 0)]
    curve = hs.pruning_curve(model, tokenizer, pairs, order, fractions=(0.0, 0.5))
    assert curve.chrf[0] == pytest.approx(unpruned)
    # the same two heads removed by zeroing their columns of W_O, every head gate left on
    cut = copy.deepcopy(model)
    d_k = cut.cfg.d_k
    with torch.no_grad():
        for kind, layer, h in order[:2]:
            sub = (cut.encoder[layer].self_attn, cut.decoder[layer].self_attn, cut.decoder[layer].cross_attn)[kind]
            sub.w_o.weight[:, h * d_k : (h + 1) * d_k] = 0.0
    by_surgery = sacrebleu.corpus_chrf(translate_texts(cut, tokenizer, [en for en, _ in pairs]), [refs]).score
    assert curve.chrf[1] == pytest.approx(by_surgery)
    masked_hyps = translate_texts(model, tokenizer, [en for en, _ in pairs], heads=head_mask(model, order[:2]))
    assert masked_hyps == translate_texts(cut, tokenizer, [en for en, _ in pairs])


def test_study_dict_has_one_row_per_head_and_every_curve(model, tokenizer):
    pairs = [(s, "das Haus") for s in SOURCES[:3]]
    s = hs.study(model, tokenizer, pairs, "planted", curves=True)
    d = hs.study_dict(s)
    n = 3 * model.cfg.n_layers * model.cfg.n_heads
    assert len(d["heads"]) == n and sum(d["roles"].values()) == n
    assert [c["name"] for c in d["curves"]] == [hs.curve_name(k, by) for k, by, _ in hs.curve_plan(s.importance)]
    assert all(len(c["chrf"]) == len(hs.FRACTIONS) for c in d["curves"])
    assert len({c["chrf"][0] for c in d["curves"]}) == 1  # nothing pruned: the same run every time
