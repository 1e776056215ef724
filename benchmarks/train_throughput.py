"""Training throughput of our hand-written model vs torch.nn.Transformer with the same sizes,
the same batches, in the same run (forward + backward + Adam step, CPU), in fp32 and in bf16
autocast (`--dtype`; bf16 pays only on CPUs with native bf16, AVX-512-BF16 or AMX).

One line per precision: <dtype> ours_tok_s=<a> reference_tok_s=<b> ratio=<a/b>; with both, a last
line compares each model's bf16 to its own fp32.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

from transformer.config import ModelConfig
from transformer.model import PositionalEncoding, Transformer


class Reference(nn.Module):
    """torch.nn.Transformer with the same embeddings, positional encoding and tied output layer."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.lut = nn.Embedding(cfg.vocab_size, cfg.d_model, padding_idx=cfg.pad_id)
        self.pos = PositionalEncoding(cfg)
        self.core = nn.Transformer(
            cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.n_layers, cfg.d_ff, cfg.dropout, batch_first=True
        )

    def forward(self, src, tgt):
        s = self.lut(src) * math.sqrt(self.cfg.d_model) + self.pos(src.shape[1])
        t = self.lut(tgt) * math.sqrt(self.cfg.d_model) + self.pos(tgt.shape[1])
        causal = nn.Transformer.generate_square_subsequent_mask(tgt.shape[1], dtype=torch.bool)
        y = self.core(
            s,
            t,
            tgt_mask=causal,
            src_key_padding_mask=src == 0,
            tgt_key_padding_mask=tgt == 0,
            memory_key_padding_mask=src == 0,
        )
        return y @ self.lut.weight.T


def batches(n: int, cfg: ModelConfig, max_tokens: int, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(n):
        S, T = int(torch.randint(6, 30, (1,), generator=g)), int(torch.randint(6, 30, (1,), generator=g))
        B = max(1, max_tokens // (S + T))
        src = torch.randint(4, cfg.vocab_size, (B, S), generator=g)
        tgt = torch.randint(4, cfg.vocab_size, (B, T + 1), generator=g)
        for b in range(B):  # ragged lengths, as in real batches
            src[b, int(torch.randint(S // 2, S + 1, (1,), generator=g)) :] = 0
            tgt[b, int(torch.randint(T // 2, T + 2, (1,), generator=g)) :] = 0
        out.append((src, tgt))
    return out


def run(model: nn.Module, data, dtype: str = "fp32", steps_warm: int = 3) -> float:
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    model.train()
    tokens, elapsed = 0, 0.0
    for i, (src, tgt) in enumerate(data):
        t0 = time.perf_counter()
        ctx = torch.autocast("cpu", dtype=torch.bfloat16) if dtype == "bf16" else contextlib.nullcontext()
        with ctx:
            logits = model(src, tgt[:, :-1])
        loss = F.cross_entropy(logits.float().flatten(0, 1), tgt[:, 1:].flatten(), ignore_index=0, label_smoothing=0.1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if i >= steps_warm:
            elapsed += time.perf_counter() - t0
            tokens += int((tgt[:, 1:] != 0).sum())
    return tokens / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--max-tokens", type=int, default=1500)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--dtype", choices=["fp32", "bf16", "both"], default="both")
    args = ap.parse_args()
    cfg = ModelConfig()
    torch.manual_seed(0)
    ours, ref = Transformer(cfg), Reference(cfg)
    n_ours = sum(p.numel() for p in ours.parameters())
    n_ref = sum(p.numel() for p in ref.parameters())
    data = batches(args.steps, cfg, args.max_tokens)
    dtypes = ["fp32", "bf16"] if args.dtype == "both" else [args.dtype]
    got: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):  # alternate so every arm sees the same machine load
        for dtype in dtypes:
            got.setdefault(("ours", dtype), []).append(run(ours, data, dtype))
            got.setdefault(("reference", dtype), []).append(run(ref, data, dtype))
    best = {k: max(v) for k, v in got.items()}
    print(
        f"d_model={cfg.d_model} h={cfg.n_heads} N={cfg.n_layers} d_ff={cfg.d_ff} vocab={cfg.vocab_size}; "
        f"params ours={n_ours:,} reference={n_ref:,}; {args.steps} batches of ~{args.max_tokens} tokens, "
        f"threads={torch.get_num_threads()}; target tokens per second"
    )
    for dtype in dtypes:
        a, b = best["ours", dtype], best["reference", dtype]
        print(f"{dtype} ours_tok_s={a:.0f} reference_tok_s={b:.0f} ratio={a / b:.2f}")
    if len(dtypes) == 2:
        speedup = {m: best[m, "bf16"] / best[m, "fp32"] for m in ("ours", "reference")}
        print(f"bf16/fp32 ours={speedup['ours']:.2f} reference={speedup['reference']:.2f}")


if __name__ == "__main__":
    main()
