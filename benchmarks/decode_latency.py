"""Batch-1 greedy decoding latency over 50 everyday sentences: KV-cached vs uncached, same run.

Last line: cached_ms=<x> uncached_ms=<y> speedup=<y/x>
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from transformer.checkpoint import DEFAULT_CHECKPOINT, load
from transformer.decode import greedy_decode
from transformer.translation import encode_source

EVERYDAY = Path(__file__).resolve().parent / "everyday.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", default=str(DEFAULT_CHECKPOINT))
    ap.add_argument("--sentences", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()
    model, tok = load(args.checkpoint, args.device)
    lines = [ln.split("\t")[0] for ln in EVERYDAY.read_text().splitlines() if ln and not ln.startswith("#")]
    srcs = [torch.tensor([encode_source(tok, s)[0]], device=args.device) for s in lines[: args.sentences]]
    for src in srcs[:5]:  # warm-up
        greedy_decode(model, src)
        greedy_decode(model, src, use_cache=False)
    times = {True: [], False: []}
    lengths = []
    for _ in range(args.repeats):
        for src in srcs:
            for use_cache in (True, False):  # interleaved so both see the same machine load
                t0 = time.perf_counter()
                out = greedy_decode(model, src, use_cache=use_cache)
                times[use_cache].append((time.perf_counter() - t0) * 1000)
            lengths.append(len(out[0]))
    cached, uncached = statistics.median(times[True]), statistics.median(times[False])
    # batch-1 steps here read all decoder and output weights from memory once whatever the prefix
    # length, so the cache saves only the prefix recomputation: it pays more on longer outputs
    longest = sorted(range(len(lengths)), key=lengths.__getitem__)[-len(lengths) // 5 :]
    long_c = statistics.median(times[True][i] for i in longest)
    long_u = statistics.median(times[False][i] for i in longest)
    print(
        f"longest fifth (>= {min(lengths[i] for i in longest)} pieces): cached {long_c:.2f} ms, "
        f"uncached {long_u:.2f} ms, speedup {long_u / long_c:.2f}"
    )
    print(
        f"{len(srcs)} sentences x {args.repeats} repeats, threads={torch.get_num_threads()}, "
        f"mean output length {statistics.mean(lengths):.1f} pieces"
    )
    print(f"cached_ms={cached:.2f} uncached_ms={uncached:.2f} speedup={uncached / cached:.2f}")


if __name__ == "__main__":
    main()
