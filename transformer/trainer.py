"""Training the encoder-decoder on the prepared data (`transformer.data`), in named steps; the
command line over it is `python -m transformer.train`.

Each epoch mixes the training pairs by group (`--mix`: dictionary sentences and phrases, game
dialogue, help texts, package descriptions, generated sentences). Label smoothing, warmup then
inverse-square-root decay, gradient clipping, tqdm progress; every few minutes validation loss,
greedy BLEU/chrF and the everyday dev chrF go to metrics.jsonl and the best checkpoint (by the
mean of the two chrF values) is kept; the latest weights go to <out>/last/. `--init-from`
continues from saved weights with a fresh optimizer.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import random
import shutil
import time
from collections import deque
from dataclasses import asdict, replace
from pathlib import Path
from typing import NamedTuple

import torch
import torch.nn.functional as F
from tqdm import tqdm

from . import checkpoint
from .checkpoint import STATE
from .config import ModelConfig, TrainConfig, TrainRun
from .dataset import (
    EVERYDAY_DEV,
    collate,
    epoch_indices,
    group,
    parse_mix,
    read_pairs,
    read_tsv,
    token_batches,
)
from .model import Transformer
from .scoring import score
from .tokenizer import Tokenizer, special_ids
from .tokenizer import train as train_tokenizer
from .translation import translate_texts

MAX_PIECES = 100
LAST = "last"  # subfolder of --out with the weights of the latest evaluation


def encode_pairs(tokenizer: Tokenizer, pairs, limit: int = MAX_PIECES, keep: list | None = None):
    """(src ids, tgt ids) of every pair short enough; `keep` collects the pairs that were kept."""
    out = []
    for p in pairs:
        s, t = tokenizer.encode(p.en), tokenizer.encode(p.de)
        if s and t and len(s) <= limit and len(t) <= limit:
            out.append((s, t))
            if keep is not None:
                keep.append(p)
    return out


def loss_fn(model, batch, smoothing: float) -> tuple[torch.Tensor, int]:
    """Label-smoothed cross-entropy of a batch; `model` may be wrapped in DistributedDataParallel."""
    src, tgt_in, tgt_out = batch
    pad = getattr(model, "module", model).cfg.pad_id
    logits = model(src, tgt_in)
    n = int((tgt_out != pad).sum())
    loss = F.cross_entropy(logits.float().flatten(0, 1), tgt_out.flatten(), ignore_index=pad, label_smoothing=smoothing)
    return loss, n


class Ranks(NamedTuple):
    """Where this process stands in a `torchrun` job: rank 0 alone evaluates and writes; one process = 0 of 1."""

    rank: int
    world: int
    local: int

    @property
    def main(self) -> bool:
        return self.rank == 0


def start_ranks(device_name: str | None) -> tuple[Ranks, torch.device]:
    """Join the process group torchrun set up (RANK, WORLD_SIZE, LOCAL_RANK in the environment): nccl on GPUs,
    gloo on CPUs. Without torchrun: one rank, nothing to join."""
    import os

    world = int(os.environ.get("WORLD_SIZE", "1"))
    ranks = Ranks(int(os.environ.get("RANK", "0")), world, int(os.environ.get("LOCAL_RANK", "0")))
    device = checkpoint.pick_device(device_name)
    if world > 1:
        if device.type == "cuda":
            device = torch.device("cuda", ranks.local)
            torch.cuda.set_device(device)
        torch.distributed.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return ranks, device


def agree(ranks: Ranks, *flags: bool) -> list[bool]:
    """Each flag true on every rank if it is true on any (the clocks of two ranks differ slightly)."""
    if ranks.world == 1:
        return list(flags)
    t = torch.tensor([float(f) for f in flags])
    torch.distributed.all_reduce(t, op=torch.distributed.ReduceOp.MAX)
    return [bool(v) for v in t.tolist()]


def share(ranks: Ranks, value):
    """Rank 0's value on every rank (e.g. the precision rank 0 measured)."""
    if ranks.world == 1:
        return value
    box = [value]
    torch.distributed.broadcast_object_list(box, src=0)
    return box[0]


def weights_digest(model: Transformer) -> str:
    """A short hash of every weight, to see that ranks hold the same model."""
    import hashlib

    h = hashlib.sha1()
    for k, v in sorted(model.state_dict().items()):
        h.update(k.encode())
        h.update(v.detach().float().cpu().numpy().tobytes())
    return h.hexdigest()[:16]


def pick_autocast(model: Transformer, batch, device: torch.device) -> tuple[str, dict]:
    """Time a few training steps in fp32 and in bf16 autocast; use bf16 only where it pays."""
    if device.type == "cuda":
        return "bf16", {}
    timings = {}
    for name in ("fp32", "bf16"):
        ctx = torch.autocast("cpu", dtype=torch.bfloat16) if name == "bf16" else contextlib.nullcontext()
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            with ctx:
                loss, _ = loss_fn(model, batch, 0.0)
            loss.backward()
            times.append(time.perf_counter() - t0)
        model.zero_grad(set_to_none=True)
        timings[name] = min(times)
    return ("bf16" if timings["bf16"] < 0.8 * timings["fp32"] else "fp32"), timings


@torch.inference_mode()
def validate(model: Transformer, tokenizer: Tokenizer, valid_pairs, valid_examples, device, everyday_dev=None) -> dict:
    """Validation loss and greedy BLEU/chrF; with everyday_dev (English, references), its chrF too."""
    model.eval()
    total, count = 0.0, 0
    for idx in token_batches(valid_examples, 4000, shuffle=False):
        batch = [
            t.to(device) for t in collate(valid_examples, idx, tokenizer.pad_id, tokenizer.bos_id, tokenizer.eos_id)
        ]
        loss, n = loss_fn(model, batch, 0.0)
        total, count = total + float(loss) * n, count + n
    hyps = translate_texts(model, tokenizer, [p.en for p in valid_pairs])
    out = {
        "valid_loss": total / count,
        **{f"valid_{k}": v for k, v in score(hyps, [p.de for p in valid_pairs]).items()},
    }
    if everyday_dev:  # the everyday development set: the other half of what select chooses by
        src, refs = everyday_dev
        out["everyday_dev_chrf"] = score(translate_texts(model, tokenizer, src), refs)["chrf"]
    model.train()
    return out


def dev_score(m: dict) -> float:
    """What decides which weights are kept: mean chrF of Ding valid and everyday dev (as in select)."""
    if "everyday_dev_chrf" in m:
        return (m["valid_chrf"] + m["everyday_dev_chrf"]) / 2
    return m["valid_chrf"]


def lr_at(step: int, tc: TrainConfig) -> float:
    return tc.lr * min((step + 1) / tc.warmup, math.sqrt(tc.warmup / (step + 1)))


def save_with_state(path: Path, model: Transformer, tokenizer: Tokenizer, state: dict) -> None:
    """A checkpoint folder (fp16 weights) plus its training.json: cumulative minutes, updates, where."""
    checkpoint.save(path, model, tokenizer, half=True)
    (Path(path) / STATE).write_text(json.dumps(state) + "\n")


def build(settings: TrainRun) -> tuple[Transformer, Tokenizer, dict]:
    """Fresh model + tokenizer trained on the training split, or both loaded from --init-from."""
    if settings.init_from:
        model, tokenizer = checkpoint.load(settings.init_from, "cpu")
        state_file = Path(settings.init_from) / STATE
        state = json.loads(state_file.read_text()) if state_file.exists() else {"minutes": 0.0, "updates": 0}
        state["init_from"] = str(settings.init_from)
        if settings.dropout is not None:
            model.set_dropout(settings.dropout)
        return model.train(), tokenizer, state
    Path(settings.out).mkdir(parents=True, exist_ok=True)
    if settings.tokenizer:
        tokenizer = Tokenizer(settings.tokenizer)
    else:
        train_pairs = read_tsv(Path(settings.data) / "train.tsv")
        text = [p.en for p in train_pairs] + [p.de for p in train_pairs]
        tokenizer = train_tokenizer(text, Path(settings.out) / "spm", settings.vocab_size)
    cfg = ModelConfig(
        vocab_size=tokenizer.vocab_size,
        **special_ids(tokenizer),
        d_model=settings.d_model,
        n_heads=settings.n_heads,
        n_layers=settings.n_layers,
        d_ff=settings.d_ff,
        dropout=ModelConfig.dropout if settings.dropout is None else settings.dropout,
    )
    torch.manual_seed(settings.seed)
    return Transformer(cfg), tokenizer, {"minutes": 0.0, "updates": 0}


def train_config(settings: TrainRun) -> TrainConfig:
    """The optimisation settings of a run, from the command line (a short warmup for a continued run)."""
    tc = TrainConfig(
        max_tokens=settings.max_tokens,
        lr=settings.lr,
        eval_every_min=settings.eval_every_min,
        seed=settings.seed,
        mix=tuple(parse_mix(settings.mix).items()),
    )
    return replace(tc, warmup=min(settings.warmup, 200) if settings.init_from else settings.warmup)


class Data(NamedTuple):
    """Everything a run reads from data/, encoded with the run's tokenizer."""

    examples: list  # (src ids, tgt ids) of the training pairs short enough to keep
    groups: list[str]  # each kept pair's source group, for the mix
    valid_pairs: list
    valid_examples: list
    everyday_dev: tuple[list[str], list[str]] | None  # English and references of the everyday dev set


def load_data(settings: TrainRun, tokenizer: Tokenizer) -> Data:
    data = Path(settings.data)
    kept: list = []
    examples = encode_pairs(tokenizer, read_tsv(data / "train.tsv"), keep=kept)
    valid_pairs = read_tsv(data / "valid.tsv")[: settings.valid_size]
    everyday_dev = read_pairs(EVERYDAY_DEV) if EVERYDAY_DEV.exists() else None
    return Data(examples, [group(p) for p in kept], valid_pairs, encode_pairs(tokenizer, valid_pairs), everyday_dev)


def choose_precision(model: Transformer, data: Data, tc: TrainConfig, device, want: str, tokenizer: Tokenizer):
    """fp32 or bf16 autocast ("auto": time both on a real batch); returns the name and the context to train in."""
    ids = (tokenizer.pad_id, tokenizer.bos_id, tokenizer.eos_id)
    probe = [t.to(device) for t in collate(data.examples, token_batches(data.examples, tc.max_tokens, True)[0], *ids)]
    dtype, timings = pick_autocast(model, probe, device) if want == "auto" else (want, {})
    print(f"autocast: {dtype} (step seconds measured: {timings})")
    ctx = torch.autocast(device.type, dtype=torch.bfloat16) if dtype == "bf16" else contextlib.nullcontext()
    return dtype, ctx


def open_metrics(settings: TrainRun, start: dict) -> Path:
    """<out>/metrics.jsonl, carrying the history of the run continued from, with this run's start event."""
    metrics_path = Path(settings.out) / "metrics.jsonl"
    Path(settings.out).mkdir(parents=True, exist_ok=True)
    if settings.init_from and Path(settings.init_from).resolve() != Path(settings.out).resolve():
        src_metrics = Path(settings.init_from) / "metrics.jsonl"
        if not src_metrics.exists() and Path(settings.init_from).name == LAST:  # <run>/last: the run's history
            src_metrics = Path(settings.init_from).parent / "metrics.jsonl"
        if src_metrics.exists():
            shutil.copy(src_metrics, metrics_path)
    with metrics_path.open("a") as f:
        f.write(json.dumps({"event": "start", **start}) + "\n")
    return metrics_path


class Averager:
    """With --average N: the mean of the last N evaluated weights, validated beside the latest ones."""

    def __init__(self, model: Transformer, n: int):
        self.snapshots: deque[dict[str, torch.Tensor]] = deque(maxlen=max(n, 1))
        self.shadow = copy.deepcopy(model) if n > 1 else None

    def offer(self, model: Transformer, m: dict, evaluate) -> tuple[Transformer, float]:
        """The weights to keep from this evaluation and their dev score (m gains the average's metrics)."""
        keep, best = model, dev_score(m)
        if self.shadow is not None:
            self.snapshots.append({k: v.detach().clone() for k, v in model.state_dict().items()})
            if len(self.snapshots) > 1:
                self.shadow.load_state_dict(checkpoint.average_states(self.snapshots))
                m_avg = evaluate(self.shadow)
                m.update({f"avg{len(self.snapshots)}_{k}": v for k, v in m_avg.items()})
                if dev_score(m_avg) > best:
                    keep, best = self.shadow, dev_score(m_avg)
        return keep, best


def run(settings: TrainRun) -> None:
    """One training run, as `python -m transformer.train` describes it."""
    tc = train_config(settings)
    ranks, device = start_ranks(settings.device)
    log = print if ranks.main else (lambda *a, **k: None)
    random.seed(settings.seed)
    torch.manual_seed(settings.seed)  # every rank builds the same fresh model (DDP also copies rank 0's weights)
    if ranks.world > 1 and not (settings.tokenizer or settings.init_from):
        raise SystemExit("error: with several ranks, give --tokenizer or --init-from (ranks must not each train one)")
    model, tokenizer, state = build(settings)
    model = model.to(device).train()
    data = load_data(settings, tokenizer)
    mix, mix_rng = dict(tc.mix), random.Random(settings.seed)  # the same epochs on every rank; each takes its share
    per_epoch = len(epoch_indices(data.groups, mix, random.Random(0)))
    log(f"train pairs {len(data.examples):,}, about {per_epoch:,} examples per epoch (mix {mix})")
    log(f"valid sentences {len(data.valid_examples)}; ranks {ranks.world} ({device.type})")

    opt = torch.optim.Adam(model.parameters(), lr=tc.lr, betas=(0.9, 0.98), eps=1e-9)
    pad, bos, eos = tokenizer.pad_id, tokenizer.bos_id, tokenizer.eos_id
    # rank 0 measures fp32 against bf16 on a real batch; every rank then trains in what it chose
    dtype = share(
        ranks, choose_precision(model, data, tc, device, settings.dtype, tokenizer)[0] if ranks.main else None
    )
    autocast = torch.autocast(device.type, dtype=torch.bfloat16) if dtype == "bf16" else contextlib.nullcontext()
    trained = model
    if ranks.world > 1:  # gradients averaged over the ranks at every step
        trained = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[device] if device.type == "cuda" else None
        )
    start_event = {
        "model": asdict(model.cfg),
        "train": asdict(tc),
        "run": asdict(settings),
        "autocast": dtype,
        "device": str(device),
        "threads": torch.get_num_threads(),
        "ranks": ranks.world,
        "prior": state,
    }
    metrics_path = open_metrics(settings, start_event) if ranks.main else None

    def evaluate(m: Transformer) -> dict:
        return validate(m, tokenizer, data.valid_pairs, data.valid_examples, device, data.everyday_dev)

    best = -1.0
    if settings.init_from and ranks.main:  # only save what beats the weights we started from
        best = dev_score(evaluate(model))
        log(f"starting dev score {best:.2f}")
        if Path(settings.init_from).resolve() != Path(settings.out).resolve():  # --out always holds a usable model
            save_with_state(Path(settings.out), model, tokenizer, {k: state[k] for k in ("minutes", "updates")})
    averager = Averager(model, settings.average)
    start, last_eval = time.time(), time.time()
    step, seen_tokens, epoch = 0, 0, 0
    base_minutes, base_updates = state["minutes"], state["updates"]
    bar = tqdm(total=int(settings.max_minutes * 60), unit="s", desc="train", mininterval=5, disable=not ranks.main)
    stop = False
    while not stop:
        epoch_examples = [data.examples[i] for i in epoch_indices(data.groups, mix, mix_rng)]
        batches = token_batches(epoch_examples, tc.max_tokens, shuffle=True, seed=settings.seed + epoch)
        batches = batches[: len(batches) // ranks.world * ranks.world][ranks.rank :: ranks.world]  # this rank's share
        for idx in batches:
            src, tgt_in, tgt_out = (t.to(device) for t in collate(epoch_examples, idx, pad, bos, eos))
            for g in opt.param_groups:
                g["lr"] = lr_at(step, tc)
            with autocast:
                loss, _ = loss_fn(trained, (src, tgt_in, tgt_out), tc.label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), tc.clip)
            opt.step()
            step += 1
            seen_tokens += int((src != pad).sum() + (tgt_out != pad).sum())
            elapsed = time.time() - start
            if step % 20 == 0:
                bar.n = min(int(elapsed), bar.total)
                bar.set_postfix(loss=f"{loss.item():.3f}", tok_s=f"{seen_tokens / elapsed:.0f}", step=step, epoch=epoch)
            out_of_time, eval_now = agree(
                ranks, elapsed > settings.max_minutes * 60, time.time() - last_eval > tc.eval_every_min * 60
            )
            if (eval_now or out_of_time) and not ranks.main:  # rank 0 evaluates and writes; the others wait
                torch.distributed.barrier()
                last_eval = time.time()
            elif eval_now or out_of_time:
                m = evaluate(model)
                keep, chrf = averager.offer(model, m, evaluate)
                minutes = base_minutes + elapsed / 60
                row = {
                    "step": base_updates + step,
                    "epoch": epoch,
                    "minutes": round(minutes, 2),
                    "train_loss": round(loss.item(), 4),
                    "tok_s": round(seen_tokens / elapsed),
                    "lr": lr_at(step, tc),
                    **{k: round(v, 4) for k, v in m.items()},
                }
                now = {"minutes": round(minutes, 2), "updates": base_updates + step}
                improved = chrf > best
                if improved:
                    best = chrf
                    where = {"device": str(device), "threads": torch.get_num_threads(), "autocast": dtype}
                    save_with_state(Path(settings.out), keep, tokenizer, {**now, **where})
                n_avg = len(averager.snapshots)
                row["saved"] = f"mean of the last {n_avg}" if improved and keep is averager.shadow else improved
                # the latest weights too, whatever they scored: what weight averaging or interpolation
                # with the start (`python -m transformer.select`) needs, and what a lucky early best hides
                save_with_state(Path(settings.out) / LAST, model, tokenizer, now)
                with metrics_path.open("a") as f:
                    f.write(json.dumps(row) + "\n")
                tqdm.write(json.dumps(row))
                if ranks.world > 1:
                    torch.distributed.barrier()
                last_eval = time.time()
            if out_of_time:
                stop = True
                break
        epoch += 1
    bar.close()
    log(f"done: {step} updates, best dev score {best:.2f}, checkpoint in {settings.out}")
    if ranks.world > 1:
        print(f"rank {ranks.rank} of {ranks.world}: {step} updates, weights {weights_digest(model)}", flush=True)
        torch.distributed.destroy_process_group()
