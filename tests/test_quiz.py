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
