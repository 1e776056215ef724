"""`python -m transformer.toy --task reverse --seconds 60`: train a tiny Transformer on a toy task.

The last line printed is `task=<task> steps=<n> seconds=<s> exact_match=<held-out exact match>`."""

from __future__ import annotations

import argparse
import sys

import torch
from tqdm import tqdm

from . import MAX_SECONDS, TASKS, ToySettings, new_run, train


def parse_args(argv: list[str] | None = None) -> ToySettings:
    ap = argparse.ArgumentParser(prog="python -m transformer.toy", description=__doc__.splitlines()[0])
    ap.add_argument("--task", choices=TASKS, default="reverse")
    ap.add_argument("--seconds", type=float, default=60.0, help=f"training time (at most {MAX_SECONDS:.0f})")
    positions = ap.add_mutually_exclusive_group()
    positions.add_argument("--no-positional-encoding", action="store_true", help="the encoder sees a set")
    positions.add_argument("--learned-positions", action="store_true", help="a trained vector per position")
    ap.add_argument("--no-causal-mask", action="store_true", help="training lets the decoder see the answer")
    ap.add_argument("--no-scale", action="store_true", help="softmax(Q K^T) V, without / sqrt(d_k)")
    ap.add_argument("--pre-norm", action="store_true", help="x + Sublayer(LayerNorm(x)) instead of the paper's")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    args = ap.parse_args(argv)
    if not 0 < args.seconds <= MAX_SECONDS:
        ap.error(f"--seconds must be more than 0 and at most {MAX_SECONDS:.0f}")
    if args.threads < 1:
        ap.error("--threads must be at least 1")
    torch.set_num_threads(args.threads)
    positional = "none" if args.no_positional_encoding else "learned" if args.learned_positions else "sinusoidal"
    return ToySettings(
        task=args.task,
        positional=positional,
        causal_mask=not args.no_causal_mask,
        scale_scores=not args.no_scale,
        norm_first=args.pre_norm,
        seconds=args.seconds,
        seed=args.seed,
    )


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    print(f"training a tiny Transformer: {settings.label()}", file=sys.stderr)
    bar = tqdm(total=round(settings.seconds), unit="s", file=sys.stderr)
    run = new_run(settings)
    for report in train(run, report_every=5.0):
        bar.update(round(report.seconds) - bar.n)
        bar.set_postfix(step=report.step, loss=f"{report.loss:.3f}", held_out=f"{report.accuracy:.2f}")
    bar.close()
    last = run.history[-1]
    print(f"probe: {run.task.probe!r} -> {last.probe.translation!r}", file=sys.stderr)
    print(f"task={settings.task} steps={run.steps} seconds={run.seconds:.1f} exact_match={last.accuracy:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
