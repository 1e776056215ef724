"""Read-outs of a trace: alignment, what-if without scaling, head summaries, worked example."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from transformer import explain
from transformer.trace import KINDS, trace


@pytest.fixture(scope="module")
def tr(model, tokenizer):
    return trace(model, tokenizer, "The cat is sleeping on the sofa.")


def test_alignment_rows_sum_to_one(tr):
    a = explain.alignment(tr)
    assert a.shape == (len(tr.tgt.pieces), len(tr.src.pieces))
    np.testing.assert_allclose(a.sum(1), 1.0, atol=1e-5)
    np.testing.assert_allclose(explain.alignment(tr, 0, 3), tr.decoder[0].cross_attn.weights[3], atol=1e-7)


def test_unscaled_what_if_uses_the_traces_q_and_k(tr):
    att = tr.attention(KINDS[1], 0)
    w = explain.unscaled_weights(att, 0)
    assert np.all(w[~att.mask] == 0)
    np.testing.assert_allclose(w.sum(1), 1.0, atol=1e-6)
    raw = np.where(att.mask, att.scores[0], -np.inf)  # Q K^T, not divided by sqrt(d_k)
    expected = np.exp(raw - raw.max(1, keepdims=True))
    np.testing.assert_allclose(w, expected / expected.sum(1, keepdims=True), atol=1e-6)
    assert not np.allclose(w, att.weights[0], atol=1e-3)  # the what-if really leaves the division out
    # scaling by sqrt(d_k) again must give back the model's own weights
    back = explain.softmax(np.where(att.mask, att.scores[0] / np.sqrt(att.d_k), -np.inf))
    np.testing.assert_allclose(back, att.weights[0], atol=1e-5)


def test_head_summary_on_a_known_pattern(tr):
    att = tr.attention(KINDS[0], 0)
    T = len(att.queries)
    eye = np.broadcast_to(np.eye(T), att.weights.shape)
    s = explain.head_summary(type(att)(**{**att.__dict__, "weights": eye}))
    np.testing.assert_allclose(s.same, 1.0)
    np.testing.assert_allclose(s.entropy, 0.0, atol=1e-6)
    np.testing.assert_allclose(s.distance, 0.0)
    np.testing.assert_allclose(s.previous, 0.0)
    back = np.zeros((T, T))  # every query looks at the position before it (the first at itself)
    back[0, 0] = 1.0
    back[np.arange(1, T), np.arange(T - 1)] = 1.0
    s = explain.head_summary(type(att)(**{**att.__dict__, "weights": np.broadcast_to(back, att.weights.shape)}))
    np.testing.assert_allclose(s.previous, 1.0)  # a perfect previous-token head scores 1, not (T-1)/T
    np.testing.assert_allclose(s.same, 1 / T)
    end = np.zeros((T, T))
    end[:, -1] = 1.0
    s = explain.head_summary(type(att)(**{**att.__dict__, "weights": np.broadcast_to(end, att.weights.shape)}))
    np.testing.assert_allclose(s.last, 1.0)
    np.testing.assert_allclose(s.distance, np.abs(T - 1 - np.arange(T)).mean())


def test_worked_example_matches_the_formula():
    q = np.array([1.0, 0.0, 1.0, 0.0])
    K = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [0.5, 0.5, 0.5, 0.5]])
    V = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    ex = explain.worked_example(q, K, V)
    np.testing.assert_allclose(ex.scores, [2.0, 0.0, 1.0])
    np.testing.assert_allclose(ex.scaled, [1.0, 0.0, 0.5])
    e = np.exp([1.0, 0.0, 0.5])
    np.testing.assert_allclose(ex.weights, e / e.sum())
    np.testing.assert_allclose(ex.output, ex.weights @ V)


def test_peek_future_masked_run_reproduces_greedy_choices(model, tokenizer, tr):
    peek = explain.peek_future(model, tokenizer, tr)
    assert peek.masked_top == tuple(
        s.greedy for s in tr.steps
    )  # with the mask: the most probable pieces, as greedy saw them
    assert peek.unmasked_weights.shape == (model.cfg.n_heads, len(tr.tgt.pieces), len(tr.tgt.pieces))
    upper = np.triu(np.ones(peek.unmasked_weights.shape[1:], bool), 1)
    assert peek.unmasked_weights[:, upper].sum() > 0  # without the mask, the future gets weight


def test_position_similarity_of_the_sinusoids(tr):
    sim = explain.position_similarity(tr.src.positional)
    np.testing.assert_allclose(np.diag(sim), 1.0, atol=1e-6)
    T = sim.shape[0]
    # sinusoidal encodings: similarity depends only on the distance between positions, and falls with it nearby
    np.testing.assert_allclose(np.diag(sim, 1), sim[0, 1], atol=1e-5)
    np.testing.assert_allclose(np.diag(sim, 2), sim[0, 2], atol=1e-5)
    assert T > 3 and 1 > sim[0, 1] > sim[0, 2] > sim[0, 3]
    rng = np.random.default_rng(0).normal(size=tr.src.positional.shape)  # random vectors would fail
    assert not np.allclose(np.diag(explain.position_similarity(rng), 1), explain.position_similarity(rng)[0, 1])


# ---- experiments: heads switched off ------------------------------------------------------------


def test_no_heads_off_is_the_original_translation(model, tokenizer):
    from transformer.experiments import ablate

    tr = trace(model, tokenizer, "the house is small")
    ab = ablate(model, tokenizer, tr, [])
    assert ab.same and not any(ab.changed)
    np.testing.assert_allclose(ab.ablated_probs, ab.original_probs, rtol=1e-6)
    # the original probabilities are the ones greedy decoding chose each piece with (the loop rule included)
    chosen = [tr.probs[t, s.chosen_id] for t, s in enumerate(tr.steps)]
    np.testing.assert_allclose(ab.original_probs, chosen, rtol=1e-5)


def test_ablation_is_the_model_with_those_heads_off(model, tokenizer):
    from transformer.decode import greedy_decode
    from transformer.experiments import ablate, head_mask

    tr = trace(model, tokenizer, "the house is small")
    off = [(2, 1, h) for h in range(model.cfg.n_heads)] + [(0, 0, 0)]
    ab = ablate(model, tokenizer, tr, off)
    src = torch.tensor([tr.src.ids])
    expected = greedy_decode(model, src, heads=head_mask(model, off), no_loops=True)[0]
    assert [s.chosen_id for s in ab.trace.steps if s.chosen_id != tokenizer.eos_id] == expected
    assert not np.allclose(ab.ablated_probs, ab.original_probs)
    assert len(ab.changed) == len(ab.trace.output_pieces)
    kept = [p for p, c in zip(ab.trace.output_pieces, ab.changed) if not c]
    assert all(p in tr.output_pieces for p in kept)  # pieces outside the edits are shared with the original
    for old, new in ab.edits:
        assert old != new


def test_head_ranking_equals_switching_each_head_off_alone(model, tokenizer):
    from transformer.experiments import head_mask, piece_log_probs, rank_heads

    tr = trace(model, tokenizer, "the house is small")
    ranking = rank_heads(model, tr, batch=7)  # batches that do not divide the 48 heads
    assert ranking.drop.shape == (3, model.cfg.n_layers, model.cfg.n_heads)
    for head in [(0, 0, 0), (1, 1, 5), (2, 0, 7)]:
        alone = ranking.total - piece_log_probs(model, tr, head_mask(model, [head]))[0].sum()
        assert ranking.drop[head] == pytest.approx(alone, abs=1e-4)
    (best, drop), *_ = ranking.top(3)
    assert drop == ranking.drop.max() and ranking.drop[best] == drop


def test_value_weighted_attention_scales_each_key_by_what_it_sends(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    att = tr.decoder[1].cross_attn
    vw = explain.value_weighted(att)
    assert vw.shape == att.weights.shape
    np.testing.assert_allclose(vw.sum(-1), 1.0, rtol=1e-5)
    head, q, k = 2, 1, 0
    d_k = att.d_k
    sent = np.linalg.norm(att.v[head] @ att.w_o[head * d_k : (head + 1) * d_k], axis=-1)  # (Tk,)
    row = att.weights[head, q] * sent
    assert vw[head, q, k] == pytest.approx(row[k] / row.sum(), rel=1e-5)
    assert not np.allclose(vw, att.weights)


def test_logit_lens_last_layer_is_the_real_choice(model, tokenizer):
    from transformer.experiments import logit_lens

    tr = trace(model, tokenizer, "the house is small")
    lens = logit_lens(model, tokenizer, tr)
    N, T = len(tr.decoder), len(tr.steps)
    assert lens.top_prob.shape == lens.chosen_prob.shape == (N, T)
    assert list(lens.top[-1]) == [s.greedy for s in tr.steps]  # the last layer's argmax is greedy's
    chosen = [tr.probs[t, s.chosen_id] for t, s in enumerate(tr.steps)]  # the loop rule's choices included
    np.testing.assert_allclose(lens.chosen_prob[-1], chosen, rtol=1e-4)
    assert np.all((lens.chosen_prob >= 0) & (lens.chosen_prob <= lens.top_prob + 1e-7))


def test_forcing_a_piece_keeps_the_prefix_then_decodes_greedily(model, tokenizer):
    from transformer.decode import greedy_decode
    from transformer.experiments import force

    tr = trace(model, tokenizer, "the house is small")
    step = 1
    other = tr.steps[step].top_ids[1]  # the runner-up at that step
    f = force(model, tokenizer, tr, step, other)
    ids = [s.chosen_id for s in f.trace.steps]
    assert ids[:step] == [s.chosen_id for s in tr.steps[:step]] and ids[step] == other
    assert f.trace.forced == step + 1 and tr.forced == 0
    # from there on it is greedy: each later piece is the argmax of its step's distribution, or the loop rule's
    assert all(s.chosen_id == s.top_ids[0] or s.loop_blocked for s in f.trace.steps[step + 1 :])
    # the forced step reports the model's own distribution, where the forced piece was the runner-up
    assert f.trace.steps[step].top_ids[1] == other
    assert f.log_prob < f.original_log_prob or ids == [s.chosen_id for s in tr.steps]
    with pytest.raises(ValueError):
        force(model, tokenizer, tr, len(tr.steps), other)
    src = torch.tensor([tr.src.ids])
    assert greedy_decode(model, src, no_loops=True) == [
        [i for i in [s.chosen_id for s in tr.steps] if i != tokenizer.eos_id]
    ]


def test_beam_vs_greedy_reports_the_beams_own_search(model, tokenizer):
    from transformer.decode import beam_decode
    from transformer.experiments import beam_vs_greedy

    tr = trace(model, tokenizer, "the house is small", no_loops=False)  # beam search has no loop rule
    one = beam_vs_greedy(model, tokenizer, tr, beam=1)
    assert one.beam_text == one.greedy and one.beam_log_prob == pytest.approx(one.greedy_log_prob, abs=1e-4)
    four = beam_vs_greedy(model, tokenizer, tr, beam=4)
    src = torch.tensor([tr.src.ids])
    assert four.beam_text == tokenizer.decode(beam_decode(model, src, beam=4))
    assert all(1 <= len(step) <= 4 for step in four.steps)
    assert all([lp for _, lp in step] == sorted([lp for _, lp in step], reverse=True) for step in four.steps)
    # the winner is the finished hypothesis with the best normalised score
    assert max(f[2] for f in four.finished) == pytest.approx(four.beam_score)


def test_shuffle_words_moves_whole_words(tokenizer):
    from transformer.experiments import shuffle_words

    ids = tokenizer.encode("the small houses are standing there")
    perm = shuffle_words(tokenizer, ids, seed=0)
    assert sorted(perm) == list(range(len(ids))) and perm != list(range(len(ids)))
    pieces = tokenizer.id_to_piece([ids[i] for i in perm])
    words = "".join(pieces).split("▁")[1:]
    assert sorted(words) == sorted("the small houses are standing there".split())


def test_without_positions_the_encoder_sees_a_set(model, tokenizer):
    from transformer.experiments import position_what_ifs, what_if_model

    tr = trace(model, tokenizer, "the house is small")
    w = position_what_ifs(model, tokenizer, tr)
    assert w.gap_no_positions < 1e-4 < 1e-2 < w.gap_real  # same vectors, other order; vs order-dependent
    assert w.shuffled_no_positions == w.no_positions  # a set in another order gives the same translation
    assert w.real == tr.translation
    flat = what_if_model(model, scale_embeddings=False)
    assert flat.embed.scale == 1.0 and model.embed.scale > 1.0
    ids = torch.tensor([tr.src.ids])
    torch.testing.assert_close(flat.embed(ids) * model.embed.scale, model.embed(ids))
    assert torch.count_nonzero(what_if_model(model, positional="none").pos(5)) == 0


# ---- Add & Norm and the feed-forward network, as recorded -----------------------------------------


def test_add_and_norm_records_are_the_layers_own_computation(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    for layers in (tr.encoder, tr.decoder):
        for layer in layers:
            assert len(layer.residuals) == (2 if layers is tr.encoder else 3)
            for r, out in zip(layer.residuals, layer.sublayer_out):
                np.testing.assert_array_equal(r.out, out)  # the recorded normed output is the layer's output
                np.testing.assert_allclose(r.summed, r.x + r.sublayer_out, atol=1e-6)
                mean, std = r.summed.mean(-1, keepdims=True), np.sqrt(r.summed.var(-1, keepdims=True) + r.eps)
                normed = (r.summed - mean) / std  # before gamma and beta
                np.testing.assert_allclose(normed.mean(-1), 0, atol=1e-5)
                np.testing.assert_allclose(normed.std(-1), 1, atol=1e-3)
                np.testing.assert_allclose(normed * r.gamma + r.beta, r.out, atol=1e-4)
            # each sublayer's input is the previous one's output; the layer's input is the stream before it
            for a, b in zip(layer.residuals, layer.residuals[1:]):
                np.testing.assert_array_equal(b.x, a.out)
    np.testing.assert_array_equal(tr.encoder[1].residuals[0].x, tr.encoder[0].sublayer_out[-1])
    np.testing.assert_allclose(tr.encoder[0].residuals[0].sublayer_out, tr.encoder[0].self_attn.out, atol=1e-6)


def test_feed_forward_record_is_relu_between_two_linear_maps(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    ffn, module = tr.encoder[1].ffn, model.encoder[1].ffn
    np.testing.assert_array_equal(ffn.hidden, np.maximum(ffn.pre, 0))
    w1, b1 = module.w_1.weight.detach().numpy(), module.w_1.bias.detach().numpy()
    w2, b2 = module.w_2.weight.detach().numpy(), module.w_2.bias.detach().numpy()
    np.testing.assert_allclose(ffn.pre, ffn.x @ w1.T + b1, atol=1e-4)
    np.testing.assert_allclose(ffn.out, ffn.hidden @ w2.T + b2, atol=1e-4)
    np.testing.assert_array_equal(ffn.x, tr.encoder[1].residuals[0].out)
    np.testing.assert_array_equal(ffn.out, tr.encoder[1].residuals[1].sublayer_out)
    share = ffn.zero_share
    assert share.shape == (len(tr.src.pieces),) and np.all((0 <= share) & (share <= 1))
    assert ffn.pre.shape[-1] == model.cfg.d_ff


def test_the_classic_worked_example_reproduces_the_notes():
    q, keys, grades = (np.array(x) for x in (explain.CLASSIC_QUERY, explain.CLASSIC_KEYS, explain.CLASSIC_VALUES))
    notes = explain.worked_example(q, keys, grades, scale=False)  # the notes use softmax(q . k), unscaled
    np.testing.assert_allclose(notes.weights.round(2), [0.48, 0.18, 0.34])
    assert round(float(notes.output), 2) == 0.43
    paper = explain.worked_example(q, keys, grades)  # the paper divides by sqrt(d_k) = 2 first
    np.testing.assert_allclose(paper.scaled, notes.scores / 2)
    np.testing.assert_allclose(paper.weights.round(2), [0.41, 0.25, 0.35])
    assert round(float(paper.output), 2) == 0.40


def test_family_masks_and_recurrence(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    m = explain.family_masks(tr)
    S, T = len(tr.src.pieces), len(tr.tgt.pieces)
    assert m.encoder_only.shape == (S, S) and m.encoder_only.all()
    assert m.decoder_only.shape == (S + T, S + T)
    assert not np.triu(m.decoder_only, 1).any() and m.decoder_only[np.tril_indices(S + T)].all()  # causal
    np.testing.assert_array_equal(m.decoder_self, np.tril(np.ones((T, T), dtype=bool)))  # read from the run
    assert m.cross.shape == (T, S) and m.cross.all() and m.encoder_self.all()
    r = explain.recurrence(5, 3)
    assert r.rnn_path[0, 4] == 4 and r.attention_path[0, 4] == 1 and r.attention_path[2, 2] == 0
    assert (r.attention_sequential, r.rnn_sequential) == (3, 15)


def test_minutes_end_to_end_never_run_backwards():
    rows = [{"minutes": m} for m in (10, 20, 30, 5, 15, 25, 0, 10)]
    x = explain.minutes_end_to_end(rows)
    assert x == sorted(x) and x[:3] == [10, 20, 30] and x[3] == 30 and x[4] == 40 and x[-1] == 60


def test_attention_kinds_are_typed_and_an_unknown_kind_is_an_error(tr):
    from transformer.trace import Kind

    assert tr.attention(Kind.CROSS, 0) is tr.decoder[0].cross_attn
    assert tr.attention("encoder self-attention", 1) is tr.encoder[1].self_attn  # names still work
    with pytest.raises(ValueError):
        tr.attention("nonsense", 0)  # once silently cross-attention
    assert tr.config.d_k == tr.encoder[0].self_attn.d_k and tr.timings.translate_ms > 0


def test_every_trace_checks_that_it_reproduces_the_translating_pass(model, tokenizer):
    from transformer.decode import greedy_steps
    from transformer.trace import TraceMismatch, check_faithful

    tr = trace(model, tokenizer, "the house is small", no_loops=False)
    steps = list(greedy_steps(model, torch.tensor([tr.src.ids]), top_k=3))
    probs = torch.from_numpy(np.array(tr.probs))
    assert check_faithful(steps, probs) <= 1e-4
    shifted = probs.clone()
    shifted[0] = probs[0].roll(1)  # a pass that computed something else at step 0
    with pytest.raises(TraceMismatch):
        check_faithful(steps, shifted)
    nudged = probs + 1e-3
    with pytest.raises(TraceMismatch, match="differ"):
        check_faithful(steps, nudged)
    # German so far is decoded text, never pieces with </s>
    assert all("</s>" not in s.text_so_far and "▁" not in s.text_so_far for s in tr.steps)
    assert tr.steps[-1].text_so_far == tr.translation


def test_embeddings_are_recorded_in_the_pass_not_recomputed(model, tokenizer):
    tr = trace(model, tokenizer, "the house is small")
    np.testing.assert_allclose(tr.src.scaled, tr.src.token * tr.src.scale, rtol=1e-6)
    np.testing.assert_allclose(tr.src.summed, tr.src.scaled + tr.src.positional, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(tr.encoder[0].residuals[0].x, tr.src.summed)  # what layer 1 received


def test_the_trace_as_json_is_the_trace(tr):
    import json

    from transformer.trace import to_json

    doc = json.loads(to_json(tr))
    assert doc["source"] == tr.source and doc["translation"] == tr.translation
    att = tr.decoder[1].self_attn
    got = doc["decoder"][1]["self_attn"]
    assert got["kind"] == "decoder masked self-attention" and got["queries"] == list(att.queries)
    assert np.allclose(np.array(got["weights"]), att.weights, atol=1e-6)
    masked = np.array(got["masked"], dtype=object)
    assert all(v is None for v in masked[~np.broadcast_to(att.mask, masked.shape)])  # −∞ becomes null
    assert doc["config"]["d_model"] == tr.config.d_model and len(doc["steps"]) == len(tr.steps)
