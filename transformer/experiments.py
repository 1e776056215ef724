"""Experiments on the real model: switch heads off and translate again, rank every head by how much
the translation needs it. Each result is computed by the model, in the pass its docstring names.

Heads are named (kind, layer, head), 0-based, with kind an index into trace.KINDS: 0 encoder
self-attention, 1 decoder masked self-attention, 2 cross-attention."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import Tensor

from .decode import beam_search, greedy_decode, greedy_steps, sampler
from .model import HeadMask, Transformer, padding_mask, subsequent_mask
from .text import Text, msg
from .tokenizer import Tokenizer
from .trace import KINDS, Trace, trace

Head = tuple[int, int, int]  # (kind, layer, head), 0-based


def all_heads(n_layers: int, n_heads: int) -> list[Head]:
    return [(k, layer, h) for k in range(len(KINDS)) for layer in range(n_layers) for h in range(n_heads)]


def head_label(head: Head) -> Text:
    """(2, 0, 3) -> 'cross-attention, layer 1, head 4' (1-based, as the pages count; str() for English)."""
    kind, layer, h = head
    return msg("{kind}, layer {layer}, head {head}", kind=msg(KINDS[kind].value), layer=layer + 1, head=h + 1)


def head_mask(model: Transformer, off: Iterable[Head]) -> HeadMask:
    """A one-row mask with the listed heads switched off."""
    mask = HeadMask.all_on(model.cfg, device=next(model.parameters()).device)
    for kind, layer, h in off:
        mask[kind][0, layer, h] = 0.0
    return mask


@torch.inference_mode()
def piece_log_probs(model: Transformer, tr: Trace, heads: HeadMask | None = None) -> np.ndarray:
    """(B, T) log-probability of each piece of `tr`'s translation, teacher-forced on its own prefix,
    for each row of `heads` (B = 1 without it). With every head on this is the log of what greedy
    decoding chose from at each step."""
    device = next(model.parameters()).device
    B = 1 if heads is None else heads.encoder.shape[0]
    src = torch.tensor([tr.src.ids], device=device).expand(B, -1)
    tgt = torch.tensor([tr.tgt.ids], device=device).expand(B, -1)
    chosen = torch.tensor([s.chosen_id for s in tr.steps], device=device)
    src_mask = padding_mask(src, model.cfg.pad_id)
    memory = model.encode(src, src_mask, heads=heads).memory
    logits = model.decode(memory, src_mask, tgt, subsequent_mask(tgt.shape[1], device), heads=heads).logits
    logp = model.output_probs(logits).log()  # (B, T, V)
    return logp.gather(-1, chosen.expand(B, -1)[..., None])[..., 0].cpu().numpy()


@dataclass(frozen=True)
class Ablation:
    """The same sentence with some heads off: a new greedy translation and what became of the old one."""

    off: tuple[Head, ...]
    trace: Trace  # the new translation, with its own full trace (every pass with those heads off)
    original: tuple[str, ...]  # the original translation's pieces (</s> included when chosen)
    original_probs: np.ndarray  # (T,) probability the full model gave each original piece
    ablated_probs: np.ndarray  # (T,) probability the model with heads off gives it, on the original prefix
    changed: tuple[bool, ...]  # per piece of the new translation: not in a run it shares with the original
    edits: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (original pieces, new pieces) that differ

    @property
    def same(self) -> bool:
        return self.trace.output_pieces == self.original


def ablate(model: Transformer, tokenizer: Tokenizer, tr: Trace, off: Iterable[Head]) -> Ablation:
    """Translate `tr`'s sentence again with the heads in `off` switched off."""
    off = tuple(sorted(set(off)))
    mask = head_mask(model, off)
    new = trace(model, tokenizer, tr.source, heads=mask)
    on = HeadMask.all_on(model.cfg, device=mask.encoder.device)
    # the original pieces scored with every head on and with these heads off: one batched pass
    both = np.exp(piece_log_probs(model, tr, HeadMask(*(torch.cat([a, b]) for a, b in zip(on, mask)))))
    before, after = tr.output_pieces, new.output_pieces
    changed, edits = [True] * len(after), []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            changed[j1:j2] = [False] * (j2 - j1)
        else:
            edits.append((before[i1:i2], after[j1:j2]))
    return Ablation(
        off=off,
        trace=new,
        original=before,
        original_probs=both[0],
        ablated_probs=both[1],
        changed=tuple(changed),
        edits=tuple(edits),
    )


@dataclass(frozen=True)
class HeadRanking:
    """How much the original translation needs each head: the drop of its total log-probability
    (teacher-forced on the original output) when that head alone is switched off."""

    total: float  # log-probability of the original translation with every head on
    drop: np.ndarray  # (3, N, h): kinds x layers x heads, in nats; > 0 means the translation became less likely

    def top(self, n: int = 10) -> list[tuple[Head, float]]:
        order = np.argsort(-self.drop, axis=None)[:n]
        return [(tuple(int(i) for i in np.unravel_index(j, self.drop.shape)), float(self.drop.flat[j])) for j in order]


@torch.inference_mode()
def rank_heads(model: Transformer, tr: Trace, batch: int = 24) -> HeadRanking:
    """Switch off every head alone, in batches of rows that each drop one head, and score the original
    translation each time."""
    cfg = model.cfg
    heads = all_heads(cfg.n_layers, cfg.n_heads)
    total = float(piece_log_probs(model, tr)[0].sum())
    drops = []
    for start in range(0, len(heads), batch):
        chunk = heads[start : start + batch]
        mask = HeadMask.all_on(cfg, len(chunk), device=next(model.parameters()).device)
        for row, (kind, layer, h) in enumerate(chunk):
            mask[kind][row, layer, h] = 0.0
        drops.extend(total - piece_log_probs(model, tr, mask).sum(1))
    return HeadRanking(total, np.array(drops).reshape(len(KINDS), cfg.n_layers, cfg.n_heads))


@dataclass(frozen=True)
class LogitLens:
    """What the output layer would pick from the residual stream after each decoder layer, at each step
    (the last layer's row is the model's real choice)."""

    top: tuple[tuple[str, ...], ...]  # (N, T): most probable piece after layer l at step t
    top_prob: np.ndarray  # (N, T)
    chosen_prob: np.ndarray  # (N, T): probability of the piece greedy decoding chose at step t


@torch.inference_mode()
def logit_lens(model: Transformer, tokenizer: Tokenizer, tr: Trace) -> LogitLens:
    """Project each decoder layer's output (recorded in the trace) through the tied output layer.
    A pre-norm model's last LayerNorm is applied first, as it is before the real output layer."""
    E = model.embed.lut.weight  # (V, D)
    chosen = torch.tensor([s.chosen_id for s in tr.steps])
    tops, top_p, chosen_p = [], [], []
    for layer in tr.decoder:
        y = torch.from_numpy(np.array(layer.sublayer_out[-1])).to(E.device)  # (T, D)
        if model.cfg.norm_first:
            y = model.decoder_norm(y)
        probs = model.output_probs(y @ E.T).cpu()  # (T, V)
        p, ids = probs.max(-1)
        tops.append(tuple(tokenizer.id_to_piece(ids.tolist())))
        top_p.append(p.numpy())
        chosen_p.append(probs.gather(-1, chosen[:, None])[:, 0].numpy())
    return LogitLens(tuple(tops), np.stack(top_p), np.stack(chosen_p))


@dataclass(frozen=True)
class Forced:
    """Greedy decoding made to take another piece at one step, then left to continue."""

    step: int  # 0-based step where the other piece was imposed
    piece: str
    trace: Trace  # the whole new run: steps before `step` as in the original, then the forced piece, then greedy
    log_prob: float  # total log-probability of the new output (the forced piece included)
    original_log_prob: float


def force(model: Transformer, tokenizer: Tokenizer, tr: Trace, step: int, piece_id: int) -> Forced:
    """Keep the original pieces before `step`, impose `piece_id` at `step`, continue greedily."""
    if not 0 <= step < len(tr.steps):
        raise ValueError(f"step {step} is outside this translation's {len(tr.steps)} steps")
    prefix = tuple(s.chosen_id for s in tr.steps[:step]) + (int(piece_id),)
    new = trace(model, tokenizer, tr.source, forced=prefix)
    return Forced(
        step=step,
        piece=tokenizer.id_to_piece([piece_id])[0],
        trace=new,
        log_prob=new.log_prob,  # from the distributions the new run recorded
        original_log_prob=tr.log_prob,
    )


@dataclass(frozen=True)
class Sample:
    """One sampled translation: the pieces drawn and the probability the model gave each."""

    temperature: float
    top_k: int
    seed: int
    pieces: tuple[str, ...]  # drawn pieces, </s> included when drawn
    probs: tuple[float, ...]  # the model's (untempered) probability of each drawn piece
    text: str

    @property
    def log_prob(self) -> float:
        return float(np.log(np.maximum(self.probs, 1e-30)).sum())


@torch.inference_mode()
def sample(model: Transformer, tokenizer: Tokenizer, tr: Trace, temperature: float, top_k: int, seed: int) -> Sample:
    """Translate `tr`'s source again, drawing each piece at random instead of taking the most probable."""
    src = torch.tensor([tr.src.ids], device=next(model.parameters()).device)
    ids, probs = [], []
    for step in greedy_steps(model, src, top_k=1, choose=sampler(temperature, top_k, seed)):
        i = int(step.chosen[0])
        ids.append(i)
        probs.append(float(step.probs[0, i]))
    out = [i for i in ids if i != model.cfg.eos_id]
    return Sample(temperature, top_k, seed, tuple(tokenizer.id_to_piece(ids)), tuple(probs), tokenizer.decode(out))


@dataclass(frozen=True)
class BeamVsGreedy:
    """The same sentence decoded greedily and with beam search, and the beam's hypotheses at every step."""

    beam: int
    greedy: str
    greedy_log_prob: float  # </s> included
    beam_text: str
    beam_log_prob: float
    beam_score: float  # length-normalised, what the beam ranks finished hypotheses by
    steps: tuple[tuple[tuple[str, float], ...], ...]  # per step: (hypothesis as pieces, log-prob), best first
    finished: tuple[tuple[str, float, float], ...]  # (pieces, log-prob, normalised score), in the order they ended


def beam_vs_greedy(model: Transformer, tokenizer: Tokenizer, tr: Trace, beam: int = 4) -> BeamVsGreedy:
    src = torch.tensor([tr.src.ids], device=next(model.parameters()).device)
    result = beam_search(model, src, beam=beam)

    def pieces(ids: list[int]) -> str:
        return " ".join(tokenizer.id_to_piece(ids))

    return BeamVsGreedy(
        beam=beam,
        greedy=tr.translation,
        greedy_log_prob=tr.log_prob,
        beam_text=tokenizer.decode(result.ids),
        beam_log_prob=result.log_prob,
        beam_score=result.score,
        steps=tuple(tuple((pieces(ids), lp) for ids, lp in step) for step in result.steps),
        finished=tuple((pieces(ids), lp, sc) for ids, lp, sc in result.finished),
    )


@torch.inference_mode()
def plain_greedy(model: Transformer, tokenizer: Tokenizer, tr: Trace) -> str:
    """`tr`'s source decoded by plain greedy decoding, without the loop rule (what the rule changed)."""
    src = torch.tensor([tr.src.ids], device=next(model.parameters()).device)
    return tokenizer.decode(greedy_decode(model, src, no_loops=False)[0])


def what_if_model(model: Transformer, **switches) -> Transformer:
    """The same weights in a model built with some of the paper's choices switched off (ModelConfig
    fields such as positional="none" or scale_embeddings=False): a what-if, not a trained model."""
    twin = Transformer(replace(model.cfg, **switches)).to(next(model.parameters()).device)
    twin.load_state_dict(model.state_dict(), strict=False)  # learned positions would have no weights
    return twin.eval()


def shuffle_words(tokenizer: Tokenizer, ids: list[int], seed: int = 0) -> list[int]:
    """Source ids with whole words (a piece starting with '▁' and the pieces after it) in a seeded
    random order, so each word keeps its own pieces. Returns the permutation: new[i] = ids[perm[i]]."""
    pieces = tokenizer.id_to_piece(ids)
    words: list[list[int]] = []
    for i, p in enumerate(pieces):
        if not words or p.startswith("▁") or not any(q.startswith("▁") for q in pieces):
            words.append([i])
        else:
            words[-1].append(i)
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(len(words)))
    if len(words) > 1 and order == sorted(order):  # make sure the order really changes
        order = order[1:] + order[:1]
    return [i for w in order for i in words[w]]


@dataclass(frozen=True)
class PositionWhatIfs:
    """What positional encoding and the sqrt(d_model) scaling do, on the real weights."""

    real: str  # the real translation
    no_positions: str  # WHAT-IF: the same weights with positional encoding removed
    shuffled_source: str  # the source with its words in another order
    shuffled: str  # the real model's translation of the shuffled source
    shuffled_no_positions: str  # WHAT-IF: without positional encoding, of the shuffled source
    no_embedding_scale: str  # WHAT-IF: token embeddings not multiplied by sqrt(d_model)
    gap_no_positions: float  # max |encoder(shuffled)[i] - encoder(source)[perm[i]]| without PE: ~0, a set
    gap_real: float  # the same with PE: the vectors depend on where each word stands


@torch.inference_mode()
def position_what_ifs(model: Transformer, tokenizer: Tokenizer, tr: Trace, seed: int = 0) -> PositionWhatIfs:
    device = next(model.parameters()).device
    ids = list(tr.src.ids)
    perm = shuffle_words(tokenizer, ids, seed)
    src = torch.tensor([ids], device=device)
    shuffled = torch.tensor([[ids[i] for i in perm]], device=device)
    no_pe = what_if_model(model, positional="none")
    no_scale = what_if_model(model, scale_embeddings=False)

    def translate(m: Transformer, x: Tensor) -> str:
        out = greedy_decode(m, x)[0]
        return tokenizer.decode(out)

    def gap(m: Transformer) -> float:
        mask = padding_mask(src, model.cfg.pad_id)
        a = m.encode(src, mask).memory[0]
        b = m.encode(shuffled, mask).memory[0]
        return float((b - a[perm]).abs().max())

    return PositionWhatIfs(
        real=tr.translation,
        no_positions=translate(no_pe, src),
        shuffled_source=tokenizer.decode(shuffled[0].tolist()),
        shuffled=translate(model, shuffled),
        shuffled_no_positions=translate(no_pe, shuffled),
        no_embedding_scale=translate(no_scale, src),
        gap_no_positions=gap(no_pe),
        gap_real=gap(model),
    )
