"""Greedy decoding over ids, one step at a time, with a key/value cache (or without, to compare); beam search."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from .model import HeadMask, KVCache, Transformer, padding_mask, subsequent_mask


@dataclass(frozen=True)
class Step:
    """What the decoder saw and chose at one position (batch of B sentences)."""

    position: int  # index of the token being chosen (0 = first token after <bos>)
    prefix: Tensor  # (B, position + 1)  ids so far, starting with <bos>
    probs: Tensor  # (B, V)  model.output_probs(logits): the distribution the choice was made from
    top_ids: Tensor  # (B, k)  most probable next ids
    top_probs: Tensor  # (B, k)
    chosen: Tensor  # (B,)  the id taken (pad for sentences that had already finished)
    greedy: Tensor | None = None  # (B,)  the argmax: what plain greedy decoding would take (differs from
    # `chosen` where a piece was imposed, sampled, or blocked by the loop rule)


# The loop rule: greedy decoding can fall into a loop ("Schnee Schnee Schnee …"); with it on, the most probable
# piece that does not continue a loop is taken instead. A loop: a piece a third time in a row, or a sequence of
# NGRAM pieces that already occurred (the pieces before the last NGRAM - 1 cannot be repeated as a block).
MAX_RUN = 2
NGRAM = 3


def loop_blocked(ids: Sequence[int]) -> set[int]:
    """Ids the loop rule forbids after the output `ids` (the start piece not included)."""
    ids = list(ids)
    blocked = set()
    if len(ids) >= MAX_RUN and len(set(ids[-MAX_RUN:])) == 1:
        blocked.add(ids[-1])
    if len(ids) >= NGRAM - 1:
        tail = ids[len(ids) - (NGRAM - 1) :]
        for i in range(len(ids) - (NGRAM - 1)):
            if ids[i : i + NGRAM - 1] == tail:
                blocked.add(ids[i + NGRAM - 1])
    return blocked


def _without_loops(probs: Tensor, output: Tensor, greedy: Tensor) -> Tensor:
    """(B,) the most probable id per row that `loop_blocked` allows after that row's output so far."""
    chosen = greedy.clone()
    for b in range(len(greedy)):
        blocked = loop_blocked(output[b].tolist())
        if int(greedy[b]) in blocked:
            p = probs[b].clone()
            p[list(blocked)] = 0.0
            if p.max() > 0:
                chosen[b] = p.argmax()
    return chosen


def max_target_len(src_len: int, cap: int) -> int:
    """Length limit tied to the source: German rarely needs more than 1.5x the English pieces."""
    return min(cap, int(1.5 * src_len) + 10)


@torch.inference_mode()
def greedy_steps(
    model: Transformer,
    src: Tensor,
    top_k: int = 5,
    use_cache: bool = True,
    max_len: int | None = None,
    heads: HeadMask | None = None,
    forced: Sequence[int] = (),
    choose: Callable[[Tensor], Tensor] | None = None,
    no_loops: bool = False,
) -> Iterator[Step]:
    """Yield one `Step` per generated position until every sentence has emitted <eos>.

    src (B, S) is padded with pad_id. With `use_cache`, cross-attention K/V are computed once and
    self-attention K/V grow by one position a step; without it, the whole prefix is re-decoded.
    `heads` switches heads off (an experiment; None: every head on). `forced` imposes the first
    pieces (another experiment: what greedy decoding does after a different choice); the steps
    still report the model's own distribution there. `choose` replaces the argmax: it maps the
    (B, V) distribution to the (B,) ids taken (see `sampler`). `no_loops` applies the loop rule
    (`loop_blocked`) to the argmax."""
    cfg = model.cfg
    B = src.shape[0]
    src_mask = padding_mask(src, cfg.pad_id)
    memory = model.encode(src, src_mask, heads=heads).memory
    limit = max_len or max_target_len(int((src != cfg.pad_id).sum(1).max()), cfg.max_len - 1)
    prefix = torch.full((B, 1), cfg.decoder_start_id, dtype=torch.long, device=src.device)
    done = torch.zeros(B, dtype=torch.bool, device=src.device)
    cache = KVCache.empty(cfg.n_layers) if use_cache else None
    for t in range(limit):
        if use_cache:
            step_mask = torch.ones(1, 1, 1, t + 1, dtype=torch.bool, device=src.device)
            dec = model.decode(memory, src_mask, prefix[:, -1:], step_mask, cache, offset=t, heads=heads)
        else:
            dec = model.decode(memory, src_mask, prefix, subsequent_mask(t + 1, src.device), heads=heads)
        logits = dec.logits[:, -1]
        probs = model.output_probs(logits)  # (B, V)  pad/unk/bos get zero probability
        top_probs, top_ids = probs.topk(top_k, dim=-1)
        greedy = top_ids[:, 0]
        if t < len(forced):
            chosen = torch.full_like(greedy, forced[t])
        elif choose is not None:
            chosen = choose(probs)
        else:
            chosen = _without_loops(probs, prefix[:, 1:], greedy) if no_loops else greedy
        chosen = torch.where(done, torch.full_like(chosen, cfg.pad_id), chosen)
        yield Step(t, prefix, probs, top_ids, top_probs, chosen, greedy)
        prefix = torch.cat([prefix, chosen[:, None]], 1)
        done |= chosen == cfg.eos_id
        if done.all():
            break


def sampler(temperature: float = 1.0, top_k: int = 0, seed: int = 0) -> Callable[[Tensor], Tensor]:
    """Sampling instead of the argmax: draw from p^(1/temperature) renormalised (the same as
    softmax(logits / temperature)), over the `top_k` most probable pieces only (0: all), with a
    seeded generator so a draw can be repeated."""
    if temperature <= 0:
        raise ValueError("temperature must be above 0 (its limit towards 0 is greedy decoding)")
    g = torch.Generator().manual_seed(seed)

    def choose(probs: Tensor) -> Tensor:
        p = probs.double().cpu() ** (1.0 / temperature)
        if top_k:
            kth = p.topk(min(top_k, p.shape[-1]), dim=-1).values[:, -1:]
            p = torch.where(p >= kth, p, torch.zeros_like(p))
        return torch.multinomial(p / p.sum(-1, keepdim=True), 1, generator=g)[:, 0].to(probs.device)

    return choose


def greedy_decode(
    model: Transformer,
    src: Tensor,
    use_cache: bool = True,
    max_len: int | None = None,
    heads: HeadMask | None = None,
    no_loops: bool = False,
) -> list[list[int]]:
    """Ids chosen for each sentence, without <bos>, cut before <eos> (`no_loops`: with the loop rule)."""
    steps = greedy_steps(model, src, top_k=1, use_cache=use_cache, max_len=max_len, heads=heads, no_loops=no_loops)
    chosen = [s.chosen for s in steps]
    rows = torch.stack(chosen, 1).tolist() if chosen else [[] for _ in range(src.shape[0])]
    eos, pad = model.cfg.eos_id, model.cfg.pad_id
    out = []
    for row in rows:
        row = row[: row.index(eos)] if eos in row else row
        out.append([i for i in row if i != pad])
    return out


def length_penalty(length: int, alpha: float) -> float:
    """GNMT's ((5 + length) / 6) ** alpha: dividing log-probabilities by it stops beams favouring short output."""
    return ((5 + length) / 6) ** alpha


def _reorder(cache: KVCache, rows: Tensor) -> None:
    """Keep the cached keys/values of the hypotheses that survive, in their new order."""
    for layer in cache.layers:
        layer.select(rows)


@dataclass(frozen=True)
class BeamSearch:
    """A beam search's result and, step by step, the hypotheses it kept."""

    ids: list[int]  # best finished hypothesis: no <bos>, cut before <eos>
    score: float  # its length-normalised log-probability
    log_prob: float  # its plain log-probability (</s> included)
    steps: list[list[tuple[list[int], float]]]  # per step: live hypotheses (ids without <bos>, log-prob)
    finished: list[tuple[list[int], float, float]]  # (ids, log-prob, normalised score) in the order they ended


@torch.inference_mode()
def beam_search(
    model: Transformer, src: Tensor, beam: int = 4, alpha: float = 0.6, max_len: int | None = None
) -> BeamSearch:
    """Beam search for one sentence src (1, S), keeping every step's hypotheses. Hypotheses are
    ranked by log-probability while they grow; finished ones by log-probability / length_penalty."""
    cfg = model.cfg
    src_mask = padding_mask(src, cfg.pad_id)
    memory = model.encode(src, src_mask).memory  # (1, S, D)
    limit = max_len or max_target_len(int((src != cfg.pad_id).sum()), cfg.max_len - 1)
    prefix = torch.full((1, 1), cfg.decoder_start_id, dtype=torch.long, device=src.device)  # (k, t + 1) live hypotheses
    scores = torch.zeros(1, device=src.device)  # (k,) summed log-probabilities
    cache = KVCache.empty(cfg.n_layers)
    finished: list[tuple[list[int], float, float]] = []
    history: list[list[tuple[list[int], float]]] = []
    for t in range(limit):
        k = prefix.shape[0]
        step_mask = torch.ones(1, 1, 1, t + 1, dtype=torch.bool, device=src.device)
        mem, mask = memory.expand(k, -1, -1), src_mask.expand(k, -1, -1, -1)
        logits = model.decode(mem, mask, prefix[:, -1:], step_mask, cache, offset=t).logits[:, -1]
        logp = model.output_probs(logits).log()  # (k, V)
        V = logp.shape[-1]
        top, flat = (scores[:, None] + logp).flatten().topk(min(2 * beam, k * V))
        rows, ids, keep = [], [], []
        for score, f in zip(top.tolist(), flat.tolist()):
            row, tok = divmod(f, V)
            if tok == cfg.eos_id:
                finished.append((prefix[row, 1:].tolist(), score, score / length_penalty(t + 1, alpha)))
            elif len(rows) < beam:
                rows.append(row), ids.append(tok), keep.append(score)
            if len(finished) >= beam or (len(rows) == beam and finished):
                break
        if len(finished) >= beam or not rows:
            break
        best_done = max((f[2] for f in finished), default=float("-inf"))
        if keep[0] / length_penalty(limit, alpha) < best_done:  # no live hypothesis can still win
            break
        sel = torch.tensor(rows, device=src.device)
        _reorder(cache, sel)
        prefix = torch.cat([prefix.index_select(0, sel), torch.tensor(ids, device=src.device)[:, None]], 1)
        scores = torch.tensor(keep, device=src.device)
        history.append([(p[1:], s) for p, s in zip(prefix.tolist(), keep)])
    if not finished:  # ran into the length limit
        n = prefix.shape[1] - 1
        finished = [(prefix[0, 1:].tolist(), scores[0].item(), scores[0].item() / length_penalty(n, alpha))]
    ids, log_prob, score = max(finished, key=lambda f: f[2])
    return BeamSearch(ids, score, log_prob, history, finished)


def beam_decode(
    model: Transformer, src: Tensor, beam: int = 4, alpha: float = 0.6, max_len: int | None = None
) -> list[int]:
    """Beam search for one sentence src (1, S): the ids (no <bos>, cut before <eos>) of the finished
    hypothesis with the best length-normalised log-probability. beam=1 is greedy decoding."""
    return beam_search(model, src, beam, alpha, max_len).ids
