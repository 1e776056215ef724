"""Check-yourself questions: each answer is read from the run, among the options, in a stable order."""

from __future__ import annotations

from transformer import explain, quiz
from transformer.trace import trace


def test_answers_come_from_the_trace(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    q = quiz.piece_count(tr)
    assert q.answer == str(len(tr.src.pieces)) and q.answer in q.options and len(set(q.options)) == len(q.options)
    q = quiz.cross_attention_target(tr, 0)
    best = int(explain.alignment(tr, len(tr.decoder) - 1)[0].argmax())
    assert q.answer == f"{best}: {tr.src.pieces[best]}"
    q = quiz.sharpest_head(tr, 1)
    assert str(q.answer) == f"head {int(explain.entropy_bits(tr.encoder[1].self_attn.weights).mean(1).argmin()) + 1}"
    q = quiz.greedy_choice(tr, 0)
    assert q.answer == tr.steps[0].chosen and q.answer in q.options
    ffn = tr.encoder[0].ffn
    q = quiz.relu_share(ffn, tr.src.pieces[1], 1, "encoder layer 1")
    share = ffn.zero_share[1]
    assert str(q.answer) == ["under 25%", "25–50%", "50–75%", "over 75%"][min(3, int(share * 4))]
    assert str(quiz.above_the_diagonal(tr).answer) == "exactly 0"
    assert quiz.layer_norm_mean(tr.encoder[0].residuals[0], tr.src.pieces[0], 0).answer == "0"
    n = len(tr.src.pieces)
    assert str(quiz.rnn_steps(tr).answer) == f"{n - 1} in the RNN, 1 in self-attention"


def test_options_keep_their_order_and_never_repeat(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    assert quiz.piece_count(tr).options == quiz.piece_count(tr).options
    for q in (quiz.piece_count(tr), quiz.greedy_choice(tr, 0), quiz.sharpest_head(tr, 0)):
        assert len(q.options) == len(set(q.options)) >= 2 and q.answer in q.options


# ---- planted traces: the oracle is what was planted, not the code that reads it --------------------

import dataclasses  # noqa: E402

import numpy as np  # noqa: E402


def _plant_cross(tr, layer: int, key: int):
    """Every head of decoder `layer` puts all of step 0's weight on `key`; the other layers on another key."""
    layers = []
    for i, lt in enumerate(tr.decoder):
        w = np.full_like(lt.cross_attn.weights, 0.0)
        w[:, :, key if i == layer else (key + 1) % w.shape[-1]] = 1.0
        layers.append(dataclasses.replace(lt, cross_attn=dataclasses.replace(lt.cross_attn, weights=w)))
    return dataclasses.replace(tr, decoder=tuple(layers))


def test_the_last_layer_question_reads_the_last_layer(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    key = len(tr.src.pieces) - 1
    planted = _plant_cross(tr, len(tr.decoder) - 1, key)
    q = quiz.cross_attention_target(planted, 0)
    assert q.answer == f"{key}: {tr.src.pieces[key]}"  # not the other layers' key
    assert f"{(key + 1) % len(tr.src.pieces)}: {tr.src.pieces[(key + 1) % len(tr.src.pieces)]}" != q.answer


def test_the_sharpest_head_is_the_one_planted_one_hot(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    att = tr.encoder[1].self_attn
    w = np.full_like(att.weights, 1.0 / att.weights.shape[-1])  # every head spreads evenly ...
    w[5] = 0.0
    w[5, :, 0] = 1.0  # ... but head 6 looks at one key
    planted = dataclasses.replace(
        tr, encoder=(tr.encoder[0], dataclasses.replace(tr.encoder[1], self_attn=dataclasses.replace(att, weights=w)))
    )
    assert str(quiz.sharpest_head(planted, 1).answer) == "head 6"


def test_a_wrong_answer_marked_right_is_caught(model, tokenizer):
    """The check these tests rely on can fail: a question whose answer is not what was planted fails it."""
    tr = trace(model, tokenizer, "the house is small")
    planted = _plant_cross(tr, len(tr.decoder) - 1, 0)
    q = quiz.cross_attention_target(planted, 0)
    wrong = dataclasses.replace(q, answer=next(o for o in q.options if o != q.answer))
    assert wrong.answer != f"0: {tr.src.pieces[0]}" and q.answer == f"0: {tr.src.pieces[0]}"
