"""Train a tiny Transformer (the translator's own class, a tiny config) on a toy task, reporting as it goes."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from ..config import ModelConfig
from ..decode import greedy_decode
from ..model import Transformer
from ..text import Text, msg
from ..tokenizer import special_ids
from ..trace import Trace, trace
from .tasks import Example, Task, make_task

Label = Text | str  # a message the app translates, or a name shown as it is

TINY = dict(d_model=64, n_heads=4, n_layers=2, d_ff=256, dropout=0.0, max_len=32)
MAX_SECONDS = 300.0  # hard cap on one toy training, whatever is asked


@dataclass(frozen=True)
class ToySettings:
    """What the learner chooses: the task, the paper's switches, and how long to train."""

    task: str = "reverse"
    positional: str = "sinusoidal"  # "sinusoidal", "learned" or "none"
    causal_mask: bool = True
    scale_scores: bool = True
    norm_first: bool = False  # pre-norm instead of the paper's post-norm
    seconds: float = 60.0
    seed: int = 0
    batch_size: int = 64
    lr: float = 2e-3

    def model_config(self, vocab) -> ModelConfig:
        return ModelConfig(
            vocab_size=vocab.vocab_size,
            **special_ids(vocab),
            positional=self.positional,
            causal_mask=self.causal_mask,
            scale_scores=self.scale_scores,
            norm_first=self.norm_first,
            **TINY,
        )

    def parts(self) -> list[Label]:
        """The task, then what differs from the paper (messages the app translates)."""
        off: list[Label] = []
        if self.positional != "sinusoidal":
            off.append(msg("no positional encoding") if self.positional == "none" else msg("learned positions"))
        if not self.causal_mask:
            off.append(msg("no causal mask"))
        if not self.scale_scores:
            off.append(msg("no ÷√d_k"))
        if self.norm_first:
            off.append("pre-norm")
        return [self.task, *(off or [msg("as in the paper")])]

    def label(self) -> str:
        """Short name of what differs from the paper, e.g. 'reverse, no positional encoding'."""
        return ", ".join(str(p) for p in self.parts())


@dataclass(frozen=True)
class Progress:
    """One report: the training so far, and the probe input as the model now translates it."""

    step: int
    seconds: float
    loss: float  # mean training loss since the previous report
    accuracy: float  # exact match on held-out inputs (a sample of them while training)
    probe: Trace  # the probe input's full trace: its cross-attention shows attention forming


@dataclass
class ToyRun:
    """A training run in progress or finished: the model, its task and every report."""

    settings: ToySettings
    task: Task
    model: Transformer
    history: list[Progress] = field(default_factory=list)
    steps: int = 0
    seconds: float = 0.0


def batch(task: Task, examples: list[Example]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """src (B, S), decoder input (B, T) = <s> + target, decoder output (B, T) = target + </s>; padded."""
    v = task.vocab
    src = [v.encode(e.source) for e in examples]
    tgt = [[v.index[p] for p in e.target] for e in examples]
    S, T = max(map(len, src)), max(map(len, tgt)) + 1
    pad = v.pad_id
    return (
        torch.tensor([s + [pad] * (S - len(s)) for s in src]),
        torch.tensor([[v.bos_id] + t + [pad] * (T - 1 - len(t)) for t in tgt]),
        torch.tensor([t + [v.eos_id] + [pad] * (T - 1 - len(t)) for t in tgt]),
    )


@torch.inference_mode()
def exact_match(model: Transformer, task: Task, examples: list[Example] | None = None) -> float:
    """Share of held-out inputs the model translates exactly right by greedy decoding."""
    examples = list(task.held_out if examples is None else examples)
    was_training = model.training
    model.eval()
    src, _, _ = batch(task, examples)
    out = greedy_decode(model, src, max_len=max(len(e.target) for e in examples) + 2)
    model.train(was_training)
    return float(np.mean([task.vocab.decode(ids) == task.expected(e) for ids, e in zip(out, examples)]))


def new_run(settings: ToySettings) -> ToyRun:
    task = make_task(settings.task)
    torch.manual_seed(settings.seed)
    return ToyRun(settings, task, Transformer(settings.model_config(task.vocab)))


def train(
    run: ToyRun, report_every: float = 2.0, should_stop: Callable[[], bool] = lambda: False
) -> Iterator[Progress]:
    """Train `run` (from `new_run`) for its settings' seconds (capped at MAX_SECONDS), yielding a
    report every `report_every` seconds and once at the end, where accuracy is over the whole
    held-out set. The reports are also appended to `run.history`."""
    settings, model, task = run.settings, run.model, run.task
    rng = random.Random(settings.seed)
    opt = torch.optim.Adam(model.parameters(), lr=settings.lr, betas=(0.9, 0.98), eps=1e-9)
    warmup = 100
    budget = min(settings.seconds, MAX_SECONDS)
    sample = list(task.held_out[:100])
    start = last = time.perf_counter()
    losses: list[float] = []
    model.train()
    while True:
        now = time.perf_counter()
        finished = now - start >= budget or should_stop()
        if finished or now - last >= report_every:
            run.seconds = now - start
            accuracy = exact_match(model, task, None if finished else sample)
            model.eval()
            with torch.inference_mode():
                probe = trace(model, task.vocab, task.probe)
            model.train()
            report = Progress(
                run.steps, run.seconds, float(np.mean(losses)) if losses else float("nan"), accuracy, probe
            )
            run.history.append(report)
            losses.clear()
            last = time.perf_counter()
            yield report
            if finished:
                model.eval()
                return
        # warm up over the first steps, then decay linearly with the time left: a calm end, not a noisy one
        frac_left = max(0.0, 1 - (time.perf_counter() - start) / budget)
        for g in opt.param_groups:
            g["lr"] = settings.lr * min(1.0, (run.steps + 1) / warmup) * (0.05 + 0.95 * frac_left)
        src, tgt_in, tgt_out = batch(task, [task.sample(rng) for _ in range(settings.batch_size)])
        logits = model(src, tgt_in)
        loss = F.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=task.vocab.pad_id)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        loss = loss.detach()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        run.steps += 1
