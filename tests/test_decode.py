"""Greedy decoding: cached equals uncached, deterministic, stops, and the trace matches it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from transformer.decode import greedy_decode, greedy_steps, max_target_len
from transformer.trace import KINDS, trace


def _src(V: int):
    g = torch.Generator().manual_seed(5)
    src = torch.randint(4, V, (4, 8), generator=g)
    src[2, 5:] = 0
    return src


def test_cached_and_uncached_decoding_give_identical_ids(model):
    src = _src(model.cfg.vocab_size)
    assert greedy_decode(model, src, use_cache=True) == greedy_decode(model, src, use_cache=False)


def test_cached_and_uncached_step_distributions_match(model):
    src = _src(model.cfg.vocab_size)[:1]
    for a, b in zip(greedy_steps(model, src), greedy_steps(model, src, use_cache=False)):
        torch.testing.assert_close(a.probs, b.probs, atol=1e-5, rtol=1e-5)
        assert torch.equal(a.chosen, b.chosen)


def test_greedy_is_deterministic_and_stops_at_the_length_tied_to_the_source(model):
    import copy

    src = _src(model.cfg.vocab_size)
    assert greedy_decode(model, src) == greedy_decode(model, src)
    endless = copy.deepcopy(model)
    endless.never_output[endless.cfg.eos_id] = True  # this model can never choose </s>
    for n in (3, 8):
        out = greedy_decode(endless, src[:1, :n])[0]
        assert len(out) == max_target_len(n, model.cfg.max_len - 1) == min(model.cfg.max_len - 1, int(1.5 * n) + 10)


def test_steps_report_topk_sorted_and_argmax_chosen(model):
    src = _src(model.cfg.vocab_size)[:1]
    for s in greedy_steps(model, src, top_k=5):
        assert s.prefix.shape == (1, s.position + 1)
        assert torch.all(s.top_probs[:, :-1] >= s.top_probs[:, 1:])
        assert int(s.chosen[0]) == int(s.probs[0].argmax())
        torch.testing.assert_close(s.probs.sum(-1), torch.ones(1))


def test_trace_probabilities_equal_greedy_step_distributions(model, tokenizer):
    text = "The weather is nice today."
    tr = trace(model, tokenizer, text, no_loops=False)  # plain greedy decoding, as greedy_steps by default
    ids = torch.tensor([tokenizer.encode(text)])
    steps = list(greedy_steps(model, ids))
    assert len(steps) == tr.probs.shape[0] == len(tr.steps)
    for t, s in enumerate(steps):
        np.testing.assert_allclose(tr.probs[t], s.probs[0].numpy(), atol=1e-5)
        assert tr.steps[t].chosen_id == int(s.chosen[0]) == int(tr.probs[t].argmax())


def test_trace_record_shapes_and_axes(model, tokenizer):
    tr = trace(model, tokenizer, "Where is the station?")
    S, T, h = len(tr.src.pieces), len(tr.tgt.pieces), model.cfg.n_heads
    assert tr.axes == "rows are queries, columns are keys"
    enc, dec, cross = (tr.attention(k, 0) for k in KINDS)
    assert enc.weights.shape == (h, S, S) and enc.queries == enc.keys == tr.src.pieces
    rows = tuple(f"{i} → {o}" for i, o in zip(tr.tgt.pieces, tr.output_pieces))  # one convention everywhere
    assert dec.weights.shape == (h, T, T) and dec.queries == rows and dec.keys == tr.tgt.pieces
    assert cross.weights.shape == (h, T, S) and cross.queries == rows and cross.keys == tr.src.pieces
    assert np.all(dec.weights[:, ~dec.mask] == 0) and np.array_equal(dec.mask, np.tril(np.ones((T, T), bool)))
    np.testing.assert_allclose(enc.weights.sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(tr.src.summed, tr.src.scaled + tr.src.positional, atol=1e-5)
    np.testing.assert_allclose(enc.out, enc.concat @ enc.w_o + enc.b_o, atol=1e-4)
    assert not tr.probs.flags.writeable  # immutable record
    assert tr.tgt.pieces[0] == "<s>"


def test_pad_unk_bos_are_never_chosen(model):
    cfg = model.cfg
    src = torch.randint(4, cfg.vocab_size, (3, 7))
    for step in greedy_steps(model, src, top_k=5):
        banned = step.probs[:, [cfg.pad_id, cfg.unk_id, cfg.bos_id]]
        assert torch.equal(banned, torch.zeros_like(banned))
        assert torch.allclose(step.probs.sum(-1), torch.ones(3))


def test_beam_one_is_greedy_and_beams_are_deterministic_and_bounded(model):
    from transformer.decode import beam_decode

    src = _src(model.cfg.vocab_size)
    for b in range(src.shape[0]):
        one = src[b : b + 1, : int((src[b] != 0).sum())]
        assert beam_decode(model, one, beam=1) == greedy_decode(model, one)[0]
        wide = beam_decode(model, one, beam=4)
        assert wide == beam_decode(model, one, beam=4)
        assert len(wide) <= max_target_len(one.shape[1], model.cfg.max_len - 1)
        assert model.cfg.eos_id not in wide and model.cfg.pad_id not in wide


def test_sampling_is_seeded_respects_top_k_and_approaches_greedy_when_cold(model, tokenizer):
    from transformer.decode import greedy_decode, greedy_steps, sampler

    src = torch.tensor([tokenizer.encode("the house is small")])
    probs = torch.tensor([[0.5, 0.3, 0.15, 0.05]])
    one = sampler(1.0, top_k=2, seed=0)
    draws = torch.stack([one(probs) for _ in range(300)])
    assert set(draws.flatten().tolist()) == {0, 1}  # only the two most probable pieces are ever drawn
    freq = (draws == 0).float().mean().item()
    assert 0.5 < freq < 0.75  # 0.5 / 0.8 = 0.625 after renormalising over the top 2
    again = sampler(1.0, top_k=2, seed=0)
    assert torch.equal(torch.stack([again(probs) for _ in range(300)]), draws)  # same seed, same draws

    def run(choose):
        return [int(s.chosen[0]) for s in greedy_steps(model, src, choose=choose)]

    cold = run(sampler(0.01, seed=1))
    greedy = greedy_decode(model, src)[0]
    assert cold[: len(greedy)] == greedy  # a temperature near 0 is greedy decoding
    assert run(sampler(1.5, seed=3)) == run(sampler(1.5, seed=3))
    with pytest.raises(ValueError):
        sampler(0.0)


def creates_loop(output: list[int], piece: int) -> bool:
    """The loop rule written out again for the test: `piece` after `output` would be the same piece a third
    time in a row, or end a run of three pieces that already occurred."""
    seq = output + [piece]
    if len(seq) >= 3 and seq[-1] == seq[-2] == seq[-3]:
        return True
    return len(seq) >= 3 and any(seq[i : i + 3] == seq[-3:] for i in range(len(seq) - 3))


def test_loop_rule_hand_cases():
    from transformer.decode import loop_blocked

    assert loop_blocked([]) == set() and loop_blocked([7]) == set()
    assert loop_blocked([5, 5]) == {5}  # a third 5 in a row
    assert loop_blocked([1, 2, 3, 1, 2]) == {3}  # 1 2 3 again
    assert loop_blocked([1, 2, 1]) == set()
    assert loop_blocked([4, 1, 2, 9, 1, 2, 7, 1, 2]) == {9, 7}


def test_the_loop_rule_takes_the_most_probable_piece_that_does_not_loop(model, tokenizer):
    """The random tiny model loops on one piece; with the rule, its output holds no loop, each refused step
    took the most probable piece that does not loop (read from the trace's own distribution), the trace
    checked itself, and plain greedy decoding of the same sentence does loop."""
    text = "The weather is nice today."
    plain = trace(model, tokenizer, text, no_loops=False)
    ids = [s.chosen_id for s in plain.steps]
    assert any(creates_loop(ids[:t], ids[t]) for t in range(len(ids)))  # the fixture loops
    tr = trace(model, tokenizer, text)
    out = [s.chosen_id for s in tr.steps]
    assert not any(creates_loop(out[:t], out[t]) for t in range(len(out)))
    assert any(s.loop_blocked for s in tr.steps)
    for t, s in enumerate(tr.steps):
        order = np.argsort(-tr.probs[t], kind="stable")
        first_allowed = next(int(i) for i in order if not creates_loop(out[:t], int(i)))
        assert s.chosen_id == first_allowed
        assert s.greedy_id == int(order[0]) and s.loop_blocked == (s.chosen_id != s.greedy_id)


def test_a_trace_whose_loop_rule_step_does_not_follow_from_its_numbers_is_refused(model, tokenizer):
    from transformer.trace import TraceMismatch, check_faithful

    tr = trace(model, tokenizer, "The weather is nice today.")
    steps = list(greedy_steps(model, torch.tensor([tr.src.ids]), top_k=3, no_loops=True))
    probs = torch.from_numpy(np.array(tr.probs))
    assert check_faithful(steps, probs) <= 1e-4
    t = next(i for i, s in enumerate(tr.steps) if s.loop_blocked)
    out = [s.chosen_id for s in tr.steps[:t]]
    order = probs[t].argsort(descending=True).tolist()
    other = next(i for i in order if i != tr.steps[t].chosen_id and not creates_loop(out, i))  # allowed, less probable
    swapped = probs.clone()  # the two swapped: the rule should now have taken `other`; the argmax is unchanged
    swapped[t, other], swapped[t, tr.steps[t].chosen_id] = probs[t, tr.steps[t].chosen_id], probs[t, other]
    with pytest.raises(TraceMismatch, match="loop rule"):
        check_faithful(steps, swapped)
