"""What the heads do over a data set: each head's role (Voita et al. 2019), its importance (Michel et al.
2019) and the pruning curve that importance gives, on whichever model is open.

Heads are named (kind, layer, head) as in experiments: kind 0 encoder self-attention, 1 decoder masked
self-attention, 2 cross-attention. Attention weights come from the traces of the model's own greedy
translations (what every page shows); importance and pruning use the data set's references."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from .dataset import collate
from .experiments import Head, all_heads, head_mask
from .model import HeadMask, Transformer
from .scoring import score
from .tokenizer import Tokenizer
from .trace import KINDS, Trace, trace
from .translation import MAX_SRC_TOKENS, encode_source, translate_texts

Progress = Callable[[int, int], None]  # (done, total): a progress bar's update

ROLES = ("previous", "next", "same", "rare", "punctuation", "start/end", "diagonal")
# which kinds a role can describe: (encoder, decoder, cross)
APPLIES = {
    "previous": (True, True, False),
    "next": (True, False, False),  # the causal mask hides the next piece from the decoder
    "same": (True, True, False),
    "rare": (True, True, True),
    "punctuation": (True, True, True),
    "start/end": (True, True, True),
    "diagonal": (False, False, True),
}
# A head has a role when at least this share of its queries put their largest weight on the role's key.
# 0.9 for the positional roles is Voita et al.'s rule; 0.5 ("most queries") is this app's for the others.
THRESHOLD = {"previous": 0.9, "next": 0.9, "same": 0.9}
DEFAULT_THRESHOLD = 0.5
NO_ROLE = "none"
SPECIAL = ("<s>", "</s>", "<pad>")


def is_punctuation(piece: str) -> bool:
    text = piece.replace("▁", "")
    return bool(text) and all(unicodedata.category(c).startswith("P") for c in text)


def targets(keys: Sequence[str], n_queries: int, counts: Counter, cross: bool) -> dict[str, np.ndarray]:
    """For each role, the key each query would attend to if the head had that role ((Tq,) ints, -1 where the
    role gives that query no key; "punctuation" and "start/end" as (Tq, Tk) bool sets)."""
    Tq, Tk = n_queries, len(keys)
    q = np.arange(Tq)
    out = {
        "previous": np.where(q >= 1, q - 1, -1),
        "next": np.where(q + 1 < Tk, q + 1, -1),
        "same": np.where(q < Tk, q, -1),
        "diagonal": np.rint(q * (Tk - 1) / max(Tq - 1, 1)).astype(int) if cross else np.full(Tq, -1),
    }
    words = [j for j, k in enumerate(keys) if k not in SPECIAL and not is_punctuation(k)]
    rare = min(words, key=lambda j: (counts[keys[j]], j)) if words else -1
    out["rare"] = np.full(Tq, rare)
    out["punctuation"] = np.tile([is_punctuation(k) for k in keys], (Tq, 1))
    out["start/end"] = np.tile([k in SPECIAL for k in keys], (Tq, 1))
    return out


def hits(weights: np.ndarray, target: dict[str, np.ndarray], cross: bool) -> dict[str, tuple[np.ndarray, int]]:
    """weights (h, Tq, Tk) -> per role: (h,) count of queries whose largest weight is on the role's key, and
    how many queries the role could be tested on. "diagonal" allows ±1 key."""
    top = weights.argmax(-1)  # (h, Tq)
    out = {}
    for role in ROLES:
        t = target[role]
        if t.ndim == 2:  # a set of keys per query
            out[role] = (
                np.take_along_axis(np.broadcast_to(t, weights.shape), top[..., None], -1)[..., 0].sum(1),
                t.shape[0],
            )
            continue
        valid = t >= 0
        tol = 1 if role == "diagonal" else 0
        out[role] = ((np.abs(top - t) <= tol)[:, valid].sum(1), int(valid.sum()))
    return out


@dataclass(frozen=True)
class HeadRoles:
    """Per head (3, N, h): the share of queries that put their largest weight on each role's key, the mean
    largest weight (Voita's confidence), and the role given (NO_ROLE where none passes its threshold)."""

    shares: dict[str, np.ndarray]  # role -> (3, N, h); NaN where the role does not apply to the kind
    confidence: np.ndarray  # (3, N, h)
    roles: np.ndarray  # (3, N, h) role names
    sentences: int

    def of(self, head: Head) -> str:
        return str(self.roles[head])

    def count(self) -> dict[str, int]:
        return dict(Counter(self.roles.ravel().tolist()))


def assign_roles(shares: dict[str, np.ndarray]) -> np.ndarray:
    """The role with the largest share among those that pass their threshold, per head."""
    shape = next(iter(shares.values())).shape
    roles = np.full(shape, NO_ROLE, dtype=object)
    best = np.zeros(shape)
    for role in ROLES:
        s = np.nan_to_num(shares[role], nan=0.0)
        take = (s >= THRESHOLD.get(role, DEFAULT_THRESHOLD)) & (s > best)
        roles[take], best[take] = role, s[take]
    return roles


def head_roles(traces: Sequence[Trace], progress: Progress | None = None) -> HeadRoles:
    """Roles of every head over the traces of a data set (rarity: how often each piece occurs in them)."""
    src_counts = Counter(p for tr in traces for p in tr.src.pieces)
    tgt_counts = Counter(p for tr in traces for p in tr.tgt.pieces)
    n_layers, n_heads = len(traces[0].encoder), traces[0].encoder[0].self_attn.n_heads
    shape = (len(KINDS), n_layers, n_heads)
    got = {r: np.zeros(shape) for r in ROLES}
    tried = {r: np.zeros(shape) for r in ROLES}
    conf, n_queries = np.zeros(shape), np.zeros(shape)
    for i, tr in enumerate(traces):
        for k, kind in enumerate(KINDS):
            cross = k == 2
            counts = tgt_counts if k == 1 else src_counts
            for layer in range(n_layers):
                at = tr.attention(kind, layer)
                target = targets(at.keys, len(at.queries), counts, cross)
                for role, (n_hit, n) in hits(at.weights, target, cross).items():
                    got[role][k, layer] += n_hit
                    tried[role][k, layer] += n
                conf[k, layer] += at.weights.max(-1).sum(-1)
                n_queries[k, layer] += at.weights.shape[1]
        if progress:
            progress(i + 1, len(traces))
    shares = {}
    for role in ROLES:
        with np.errstate(invalid="ignore", divide="ignore"):
            s = got[role] / tried[role]
        s[~np.array(APPLIES[role])] = np.nan
        shares[role] = s
    return HeadRoles(shares, conf / n_queries, assign_roles(shares), len(traces))


def traces_of(model: Transformer, tokenizer: Tokenizer, sources: Iterable[str], progress: Progress | None = None):
    sources = list(sources)
    out = []
    for i, s in enumerate(sources):
        out.append(trace(model, tokenizer, s, top_k=1))
        if progress:
            progress(i + 1, len(sources))
    return out


def _batches(model: Transformer, tokenizer: Tokenizer, pairs: Sequence[tuple[str, str]], size: int):
    """Padded (src, tgt_in, tgt_out) batches of the pairs, references as targets, the decoder starting from the
    model's own start piece."""
    cfg, device = model.cfg, next(model.parameters()).device
    examples = [
        (encode_source(tokenizer, en)[0], tokenizer.encode_target(de)[: MAX_SRC_TOKENS - 1]) for en, de in pairs
    ]
    for start in range(0, len(examples), size):
        idx = list(range(start, min(start + size, len(examples))))
        yield tuple(t.to(device) for t in collate(examples, idx, cfg.pad_id, cfg.decoder_start_id, cfg.eos_id))


def head_importance(
    model: Transformer,
    tokenizer: Tokenizer,
    pairs: Sequence[tuple[str, str]],
    batch: int = 32,
    progress: Progress | None = None,
) -> np.ndarray:
    """Michel et al.'s importance (3, N, h): the mean over sentences of |∂ loss / ∂ ξ_head|, ξ the head's
    gate (1 = on), the loss the sentence's cross-entropy on its reference. Each sentence gets its own row
    of gates, so one backward pass gives every sentence's own gradient."""
    model.eval()
    total = np.zeros((len(KINDS), model.cfg.n_layers, model.cfg.n_heads))
    done = 0
    for src, tgt_in, tgt_out in _batches(model, tokenizer, pairs, batch):
        gates = HeadMask.all_on(model.cfg, src.shape[0], device=src.device)
        gates = HeadMask(*(g.requires_grad_(True) for g in gates))
        with torch.enable_grad():
            logits = model(src, tgt_in, heads=gates)
            loss = torch.nn.functional.cross_entropy(
                logits.float().transpose(1, 2), tgt_out, ignore_index=model.cfg.pad_id, reduction="sum"
            )
            grads = torch.autograd.grad(loss, list(gates))
        total += np.stack([g.abs().sum(0).cpu().numpy() for g in grads])
        done += src.shape[0]
        if progress:
            progress(done, len(pairs))
    return total / max(done, 1)


def normalise_by_layer(importance: np.ndarray) -> np.ndarray:
    """Michel et al. divide each layer's importances by their L2 norm before ranking heads across layers."""
    norm = np.linalg.norm(importance, axis=-1, keepdims=True)
    return importance / np.where(norm > 0, norm, 1.0)


def pruning_order(importance: np.ndarray, kind: int | None = None) -> list[Head]:
    """Heads from least to most important (of one kind, or all), by layer-normalised importance."""
    scores = normalise_by_layer(importance)
    heads = [hd for hd in all_heads(*importance.shape[1:]) if kind is None or hd[0] == kind]
    return sorted(heads, key=lambda hd: (scores[hd], hd))


def random_order(importance: np.ndarray, kind: int | None = None, seed: int = 0) -> list[Head]:
    heads = [hd for hd in all_heads(*importance.shape[1:]) if kind is None or hd[0] == kind]
    random.Random(seed).shuffle(heads)
    return heads


FRACTIONS = tuple(i / 10 for i in range(11))


@dataclass(frozen=True)
class PruningCurve:
    """chrF of the data set's greedy translations with the first round(f·n) heads of `order` switched off."""

    kind: int | None  # the heads pruned: one kind, or None for all
    by: str  # "importance" (least important first) or "random" (the control)
    order: tuple[Head, ...]
    fractions: tuple[float, ...]
    chrf: tuple[float, ...]


def chrf_with_heads_off(
    model: Transformer, tokenizer: Tokenizer, pairs: Sequence[tuple[str, str]], off: Iterable[Head]
) -> float:
    hyps = translate_texts(model, tokenizer, [en for en, _ in pairs], heads=head_mask(model, off))
    return score(hyps, [de for _, de in pairs])["chrf"]


def pruning_curve(
    model: Transformer,
    tokenizer: Tokenizer,
    pairs: Sequence[tuple[str, str]],
    order: Sequence[Head],
    kind: int | None = None,
    by: str = "importance",
    fractions: Sequence[float] = FRACTIONS,
    progress: Progress | None = None,
) -> PruningCurve:
    chrf = []
    for i, f in enumerate(fractions):
        chrf.append(chrf_with_heads_off(model, tokenizer, pairs, order[: round(f * len(order))]))
        if progress:
            progress(i + 1, len(fractions))
    return PruningCurve(kind, by, tuple(order), tuple(fractions), tuple(chrf))


@dataclass(frozen=True)
class HeadStudy:
    """Everything the heads page and `python -m transformer.analyze` show for one model and data set."""

    data: str  # the data set's name
    sentences: int
    roles: HeadRoles
    importance: np.ndarray  # (3, N, h), raw
    curves: tuple[PruningCurve, ...] = field(default=())


def curve_plan(importance: np.ndarray, seed: int = 0) -> list[tuple[int | None, str, list[Head]]]:
    """The orders a study prunes by, as (kind, by, order): every head by importance and at random (the
    control), then each kind by importance."""
    plan = [(None, "importance", pruning_order(importance)), (None, "random", random_order(importance, seed=seed))]
    return plan + [(k, "importance", pruning_order(importance, k)) for k in range(len(KINDS))]


def curve_name(kind: int | None, by: str) -> str:
    """English name of a curve (the app words its own): 'cross-attention, least important first'."""
    heads = "all heads" if kind is None else KINDS[kind].value
    return f"{heads}, {'least important first' if by == 'importance' else 'random order'}"


def study(
    model: Transformer,
    tokenizer: Tokenizer,
    pairs: Sequence[tuple[str, str]],
    data: str,
    curves: bool = True,
    traces: Sequence[Trace] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> HeadStudy:
    """Roles, importance and (with `curves`) every pruning curve of `curve_plan`, on `pairs` (English,
    German reference). `progress(stage, done, total)` is called as the work goes."""

    def stage(name: str) -> Progress | None:
        return None if progress is None else (lambda done, total: progress(name, done, total))

    if traces is None:
        traces = traces_of(model, tokenizer, [en for en, _ in pairs], stage("translating"))
    roles = head_roles(traces, stage("reading attention"))
    importance = head_importance(model, tokenizer, pairs, progress=stage("importance"))
    found = []
    if curves:
        for kind, by, order in curve_plan(importance):
            step = stage(f"pruning: {curve_name(kind, by)}")
            found.append(pruning_curve(model, tokenizer, pairs, order, kind, by, progress=step))
    return HeadStudy(data, len(pairs), roles, importance, tuple(found))


def study_dict(s: HeadStudy) -> dict:
    """The study as plain JSON-able data: one row per head, then the curves."""
    heads = []
    for hd in all_heads(*s.importance.shape[1:]):
        k, layer, h = hd
        heads.append(
            {
                "kind": KINDS[k].value,
                "layer": layer + 1,
                "head": h + 1,
                "role": s.roles.of(hd),
                "confidence": round(float(s.roles.confidence[hd]), 4),
                "importance": round(float(s.importance[hd]), 5),
                "shares": {r: round(float(v[hd]), 4) for r, v in s.roles.shares.items() if not np.isnan(v[hd])},
            }
        )
    curves = [
        {
            "name": curve_name(c.kind, c.by),
            "fractions": list(c.fractions),
            "chrf": [round(x, 2) for x in c.chrf],
            "order": [[KINDS[k].value, layer + 1, h + 1] for k, layer, h in c.order],
        }
        for c in s.curves
    ]
    return {"data": s.data, "sentences": s.sentences, "roles": s.roles.count(), "heads": heads, "curves": curves}
