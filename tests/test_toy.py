"""Toy tasks and tiny-model training (transformer.toy): generators, vocabulary, trainer, CLI."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import torch

from transformer.toy import (
    TASKS,
    ToySettings,
    english_number,
    exact_match,
    german_number,
    make_task,
    new_run,
    train,
)
from transformer.toy.training import batch


@pytest.mark.parametrize(
    "n, german",
    [
        (1, "eins"),
        (16, "sechzehn"),
        (17, "siebzehn"),
        (21, "einundzwanzig"),
        (70, "siebzig"),
        (71, "einundsiebzig"),
        (100, "hundert"),
        (101, "hunderteins"),
        (111, "hundertelf"),
        (321, "dreihunderteinundzwanzig"),
        (999, "neunhundertneunundneunzig"),
    ],
)
def test_german_number_words(n, german):
    assert german_number(n) == german


def test_english_number_words():
    assert english_number(321) == "three hundred twenty-one"
    assert english_number(40) == "forty"
    assert english_number(110) == "one hundred ten"
    with pytest.raises(ValueError):
        english_number(1000)


@pytest.mark.parametrize("name", TASKS)
def test_every_example_is_in_the_vocabulary_and_held_out_inputs_are_never_trained_on(name):
    task = make_task(name)
    rng = random.Random(0)
    seen = [task.sample(rng) for _ in range(3000)]
    held = {e.source for e in task.held_out}
    assert held and not held & {e.source for e in seen}
    for e in seen[:300] + list(task.held_out):
        assert task.vocab.unk_id not in task.vocab.encode(e.source)
        assert all(p in task.vocab.index for p in e.target)


def test_symbol_task_outputs():
    rng = random.Random(1)
    for name, check in (("copy", lambda s: s), ("reverse", lambda s: s[::-1]), ("sort", sorted)):
        e = make_task(name).sample(rng)
        assert list(e.target) == list(check(e.source.split()))
    assert make_task("numbers").expected(make_task("numbers").example(21)) == "einundzwanzig"


def test_unknown_task_is_refused():
    with pytest.raises(ValueError, match="unknown task"):
        make_task("translate")


def test_batch_shifts_the_target_by_one():
    task = make_task("numbers")
    src, tgt_in, tgt_out = batch(task, [task.example(21), task.example(7)])
    v = task.vocab
    assert tgt_in[0].tolist() == [v.bos_id] + [v.index[p] for p in ("ein", "und", "zwanzig")]
    assert tgt_out[0].tolist() == [v.index[p] for p in ("ein", "und", "zwanzig")] + [v.eos_id]
    assert tgt_out[1].tolist() == [v.index["sieben"], v.eos_id, v.pad_id, v.pad_id]
    assert src.shape == (2, 3)  # twenty - one


def test_exact_match_counts_right_answers():
    run = new_run(ToySettings(task="copy"))
    task = run.task
    examples = list(task.held_out[:20])
    score = exact_match(run.model, task, examples)
    assert 0.0 <= score <= 1.0
    assert score < 0.5  # an untrained model copies almost nothing


def _held_out_loss(run) -> float:
    """Cross-entropy on the held-out examples, computed here (the oracle, not the training loop's own loss)."""
    import torch.nn.functional as F

    from transformer.toy.training import batch

    src, tgt_in, tgt_out = batch(run.task, list(run.task.held_out[:200]))
    run.model.eval()
    with torch.inference_mode():
        logits = run.model(src, tgt_in)
    pad = run.task.vocab.pad_id
    return float(F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=pad))


def test_training_learns_and_reports():
    """A fixed number of steps, not of seconds, so a busy CI machine cannot make it fail (it once made 9 steps
    in the 6 s the old version gave it)."""
    run = new_run(ToySettings(task="copy", seconds=600.0))
    before = _held_out_loss(run)
    reports = list(train(run, report_every=1.0, should_stop=lambda: run.steps >= 200))
    last = reports[-1]
    assert run.steps == 200 and run.history[-1] is last
    assert _held_out_loss(run) < 0.8 * before
    assert last.accuracy == exact_match(run.model, run.task)  # final accuracy is over the whole held-out set
    assert last.probe.source == run.task.probe and last.probe.decoder[-1].cross_attn is not None
    assert not run.model.training


def test_training_stops_when_asked():
    run = new_run(ToySettings(task="copy", seconds=60.0))
    reports = list(train(run, should_stop=lambda: True))
    assert len(reports) == 1 and run.steps == 0


def test_settings_label_names_what_is_switched_off():
    assert ToySettings().label() == "reverse, as in the paper"
    label = ToySettings(task="sort", positional="none", causal_mask=False, norm_first=True).label()
    assert label == "sort, no positional encoding, no causal mask, pre-norm"


def test_cli_last_line_and_bad_options():
    out = subprocess.run(
        [sys.executable, "-m", "transformer.toy", "--task", "copy", "--seconds", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    fields = dict(f.split("=") for f in last.split())
    assert fields["task"] == "copy" and int(fields["steps"]) > 0 and 0 <= float(fields["exact_match"]) <= 1
    bad = subprocess.run(
        [sys.executable, "-m", "transformer.toy", "--seconds", "-3"], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--seconds" in bad.stderr


def test_a_job_trains_in_a_child_process_and_stops_when_asked():
    from transformer.toy.job import ToyJob

    job = ToyJob(ToySettings(task="copy", seconds=120.0), report_every=0.5)
    start = [p.detach().clone() for p in job.run.model.parameters()]
    try:
        while not job.poll(wait=30.0):
            pass
        job.stop()
        while not job.finished:
            job.poll(wait=5.0)
    finally:
        job.close()
    assert job.error is None and job.run.steps > 0 and job.run.seconds < 60
    assert job.run.history[-1].accuracy == exact_match(job.run.model, job.run.task)  # the weights came back
    assert any(not (a == b).all() for a, b in zip(start, job.run.model.parameters()))


def test_the_slot_serves_one_visitor_at_a_time_in_arrival_order():
    from transformer.toy.job import TrainingSlot

    slot = TrainingSlot(patience=60)
    assert slot.join("a") == 0 and slot.join("b") == 1 and slot.join("c") == 2
    assert slot.join("a") == 0 and slot.busy_for() >= 0
    slot.leave("a")
    assert slot.join("b") == 0 and slot.join("c") == 1
    gone = TrainingSlot(patience=0.0)  # a waiter not seen again has left the line
    gone.join("x"), gone.join("y")
    assert gone.join("z") == 1
    slot.expire(max_hold=-1)  # b kept it too long (tab closed): c's turn
    assert slot.join("c") == 0


@pytest.mark.parametrize(
    "switch",
    [
        dict(scale_scores=False),
        dict(causal_mask=False),
        dict(norm_first=True),
        dict(positional="none"),
        dict(positional="learned"),
    ],
)
def test_each_switch_reaches_the_module_it_changes(switch):
    """Read off the modules that do the work, not the settings: a 'no scaling' run must not scale."""
    import math

    from transformer.toy.training import batch

    run = new_run(ToySettings(task="copy", **switch))
    m = run.model
    attn = [mod for layer in [*m.encoder, *m.decoder] for mod in (layer.self_attn, getattr(layer, "cross_attn", None))]
    scales = {a.scale for a in attn if a is not None}
    assert scales == ({1.0} if switch.get("scale_scores") is False else {1 / math.sqrt(m.cfg.d_k)})
    assert all(an.norm_first == switch.get("norm_first", False) for layer in m.encoder for an in layer.add_norm)
    pe = m.pos.pe.detach()
    if switch.get("positional") == "none":
        assert not pe.any()
    elif switch.get("positional") == "learned":
        assert isinstance(m.pos.pe, torch.nn.Parameter)
    else:
        assert pe[1, 0] == pytest.approx(math.sin(1.0))
    # the causal switch, by what the decoder sees: with it off, an early position's output depends on later pieces
    src, tgt_in, _ = batch(run.task, list(run.task.held_out[:1]))
    m.eval()
    with torch.inference_mode():
        a = m(src, tgt_in)[0, 0]
        changed = tgt_in.clone()
        changed[0, -1] = (changed[0, -1] + 5) % m.cfg.vocab_size
        b = m(src, changed)[0, 0]
    assert torch.allclose(a, b, atol=1e-6) == switch.get("causal_mask", True)
