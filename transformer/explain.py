"""Small read-outs of a Trace for the app: alignments, head summaries, what-ifs, the worked example.

Everything here starts from numbers the model computed (the trace); the what-ifs say so in their
names. Rows are queries and columns are keys, as in the trace.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .config import ModelConfig
from .model import Transformer, attention, count_parameters, subsequent_mask
from .text import Text, msg
from .trace import AttentionTrace, ResidualTrace, Trace


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Row softmax that keeps -inf entries at exactly zero weight."""
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(m), m, 0))
    return e / e.sum(axis=axis, keepdims=True)


def alignment(
    tr: Trace, layer: int | None = None, head: int | None = None, value_weighted_: bool = False
) -> np.ndarray:
    """Cross-attention (T, S): target query rows x source key columns, averaged over the chosen
    layers and heads (None = all); with `value_weighted_`, the value-weighted maps (`value_weighted`)."""
    layers = range(len(tr.decoder)) if layer is None else [layer]
    maps = np.stack(
        [
            value_weighted(tr.decoder[i].cross_attn) if value_weighted_ else tr.decoder[i].cross_attn.weights
            for i in layers
        ]
    )  # (L, h, T, S)
    maps = maps if head is None else maps[:, head : head + 1]
    return maps.mean(axis=(0, 1))


def unscaled_weights(att: AttentionTrace, head: int) -> np.ndarray:
    """WHAT-IF: softmax(Q K^T) without the / sqrt(d_k), same mask, from the trace's own Q and K."""
    return softmax(np.where(att.mask, att.scores[head], -np.inf))


def value_weighted(att: AttentionTrace) -> np.ndarray:
    """(h, Tq, Tk) attention weighted by what each key sends: alpha_ij * ||v_j W_O^h||, rows renormalised
    to sum to 1 (Kobayashi et al. 2020). A key with a large weight but a near-zero transformed value
    moves the output little; this view shows that, the raw weights do not."""
    h, _, d_k = att.v.shape
    w_o = att.w_o.reshape(h, d_k, -1)  # (h, d_k, D): the rows of W_O that head i feeds
    sent = np.linalg.norm(np.einsum("hkd,hde->hke", att.v, w_o), axis=-1)  # (h, Tk)
    weighted = att.weights * sent[:, None, :]
    return weighted / np.maximum(weighted.sum(-1, keepdims=True), 1e-12)


def entropy_bits(weights: np.ndarray) -> np.ndarray:
    """Entropy of each row of (..., Tq, Tk) attention weights, in bits."""
    w = np.clip(weights, 1e-12, 1.0)
    return -(weights * np.log2(w)).sum(-1)


@dataclass(frozen=True)
class HeadSummary:
    """What each of the h heads of one attention sublayer does, one number per head."""

    entropy: np.ndarray  # (h,) mean row entropy, bits
    distance: np.ndarray  # (h,) mean |query position - most attended key position|
    same: np.ndarray  # (h,) mean weight on the key at the query's own position
    previous: np.ndarray  # (h,) mean weight on the position before (over the queries that have one)
    last: np.ndarray  # (h,) mean weight on the last key


def head_summary(att: AttentionTrace) -> HeadSummary:
    w = att.weights  # (h, Tq, Tk)
    h, Tq, Tk = w.shape
    rows = np.arange(Tq)
    same = np.array([[w[i, r, r] if r < Tk else 0.0 for r in rows] for i in range(h)]).mean(1)
    # the first query has no previous position: averaging it in as 0 would cap a perfect head at (T-1)/T
    with_prev = [r for r in rows if 0 < r <= Tk]
    prev = np.array([[w[i, r, r - 1] for r in with_prev] for i in range(h)]).mean(1) if with_prev else np.zeros(h)
    top = w.argmax(-1)  # (h, Tq)
    return HeadSummary(
        entropy=entropy_bits(w).mean(1),
        distance=np.abs(top - rows[None, :]).mean(1),
        same=same,
        previous=prev,
        last=w[:, :, Tk - 1].mean(1),
    )


@dataclass(frozen=True)
class WorkedExample:
    """Attention(q, K, V) = softmax(q K^T / sqrt(d_k)) V for one query and a few keys."""

    scores: np.ndarray  # (n,)  q . k_j
    scaled: np.ndarray  # (n,)  / sqrt(d_k)
    weights: np.ndarray  # (n,)  softmax
    output: np.ndarray  # (d_v,)  weights @ V


# The classic example of the lecture notes: student D's missing chemistry grade, predicted from students
# A, B and C. Queries and keys are 4-number profiles; the values are A, B and C's chemistry grades.
CLASSIC_QUERY = (0.44, 0.45, 0.48, 0.49)  # student D
CLASSIC_KEYS = ((0.48, 0.5, 0.45, 0.48), (-0.1, 0.1, -0.3, 0.1), (0.1, 0.5, 0.1, 0.5))  # students A, B, C
CLASSIC_VALUES = (0.5, 0.1, 0.5)  # chemistry grades of A, B, C


def worked_example(q: np.ndarray, keys: np.ndarray, values: np.ndarray, scale: bool = True) -> WorkedExample:
    """One query over a few keys through `model.attention`, the function every attention sublayer
    of the model runs in its explaining path. `scale=False` skips the / sqrt(d_k)."""
    q_t = torch.tensor(np.asarray(q, dtype=np.float64))[None]  # (1, d_k)
    k_t = torch.tensor(np.asarray(keys, dtype=np.float64))  # (n, d_k)
    v = np.asarray(values, dtype=np.float64)
    v_t = torch.tensor(v.reshape(len(v), -1))  # (n, d_v)
    scores, scaled, _, weights, out = attention(q_t, k_t, v_t, scale=None if scale else 1.0)
    output = out[0].numpy()
    return WorkedExample(scores[0].numpy(), scaled[0].numpy(), weights[0].numpy(), output if v.ndim > 1 else output[0])


def position_similarity(pe: np.ndarray) -> np.ndarray:
    """Cosine similarity between the positional encodings of every pair of positions (T, T)."""
    n = pe / np.linalg.norm(pe, axis=1, keepdims=True)
    return n @ n.T


@dataclass(frozen=True)
class PeekFuture:
    """Teacher-forced predictions on the model's own output, with and without the causal mask."""

    inputs: tuple[str, ...]  # decoder input pieces, row t predicts the piece after inputs[t]
    targets: tuple[str, ...]  # what greedy decoding actually chose at each step
    masked_top: tuple[str, ...]
    masked_prob: np.ndarray  # (T,) probability of masked_top
    unmasked_top: tuple[str, ...]
    unmasked_prob: np.ndarray
    unmasked_weights: np.ndarray  # (h, T, T) last decoder layer self-attention without the mask


@torch.inference_mode()
def peek_future(model: Transformer, tokenizer, tr: Trace) -> PeekFuture:
    """WHAT-IF: run the decoder on its own output with the causal mask, then with none, so each
    position can see the pieces after it."""
    device = next(model.parameters()).device
    src = torch.tensor([tr.src.ids], device=device)
    tgt = torch.tensor([tr.tgt.ids], device=device)
    T = tgt.shape[1]
    src_mask = torch.ones(1, 1, 1, src.shape[1], dtype=torch.bool, device=device)
    memory = model.encode(src, src_mask).memory
    out = {}
    for name, mask in (("masked", subsequent_mask(T, device)), ("unmasked", torch.ones(1, 1, T, T, dtype=torch.bool))):
        dec = model.decode(memory, src_mask, tgt, mask.to(device), explain=True)
        p, ids = model.output_probs(dec.logits[0]).max(-1)
        out[name] = (tuple(tokenizer.id_to_piece(ids.tolist())), p.cpu().numpy(), dec.layers[-1].self_attn.weights)
    return PeekFuture(
        inputs=tr.tgt.pieces,
        targets=tr.output_pieces,
        masked_top=out["masked"][0],
        masked_prob=out["masked"][1],
        unmasked_top=out["unmasked"][0],
        unmasked_prob=out["unmasked"][1],
        unmasked_weights=out["unmasked"][2][0].cpu().numpy(),
    )


@dataclass(frozen=True)
class ModelFacts:
    """What the model page shows about a checkpoint."""

    config: ModelConfig
    parameters: dict[str, int]  # main parts and "total"
    metrics: list[dict]  # evaluations recorded in metrics.jsonl, oldest first
    card: str  # the model card without its HTML comments
    summary: str = ""  # what the card says to visitors: its <!-- visitors --> block, else its opening paragraph
    start_piece: str = "<s>"  # the piece the decoder starts from (the pad piece in Marian)


def model_facts(model: Transformer, checkpoint_dir: Path | None, tokenizer=None) -> ModelFacts:
    """Sizes, parameter counts, training metrics and the model card of a checkpoint folder (None: a
    model that lives only in memory, such as a toy model)."""
    metrics = []
    folder = Path(checkpoint_dir) if checkpoint_dir is not None else None
    path = folder / "metrics.jsonl" if folder else None
    if path and path.exists():
        metrics = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    card = folder / "README.md" if folder else None
    text = card.read_text(encoding="utf-8") if card and card.exists() else ""
    return ModelFacts(
        config=model.cfg,
        parameters=count_parameters(model),
        metrics=[m for m in metrics if "valid_loss" in m],
        # the card's HTML comments (markers that `transformer.evaluate` rewrites) are not for readers
        card=re.sub(r"<!--.*?-->\n?", "", text),
        summary=card_summary(text),
        start_piece=tokenizer.id_to_piece([model.cfg.decoder_start_id])[0] if tokenizer is not None else "<s>",
    )


def card_summary(card: str) -> str:
    """The part of a model card written for visitors: between <!-- visitors --> and <!-- /visitors -->, or
    else the text before the first section heading (title and YAML front matter left out)."""
    if m := re.search(r"<!-- visitors -->\n?(.*?)<!-- /visitors -->", card, re.S):
        return m.group(1).strip()
    body = re.sub(r"\A---\n.*?\n---\n", "", card, flags=re.S)  # a hub card's metadata
    body = re.sub(r"<!--.*?-->\n?", "", body)
    head = re.split(r"^## ", body, maxsplit=1, flags=re.M)[0]
    return re.sub(r"\A# .*\n", "", head.strip()).strip()


@dataclass(frozen=True)
class NormStats:
    """One position of one Add & Norm: the four vectors and the statistics LayerNorm uses."""

    vectors: dict[str, np.ndarray]  # "x", "Sublayer(x)", "x + Sublayer(x)", "LayerNorm(…)": each (D,)
    mean: float  # of x + Sublayer(x): LayerNorm subtracts it
    std: float  # sqrt(var + eps) of x + Sublayer(x): LayerNorm divides by it
    normed: np.ndarray  # (D,) (x + Sublayer(x) - mean) / std, before gamma and beta
    out_mean: float  # of LayerNorm's output (after gamma and beta)
    out_std: float


def norm_stats(res: ResidualTrace, position: int) -> NormStats:
    """Read one position out of a recorded Add & Norm (every number from the translating pass)."""
    v = res.norm_in[position]  # what LayerNorm ran on: x + Sublayer(x) (post-norm), x (pre-norm)
    mean = float(v.mean())
    std = float(np.sqrt(v.var() + res.eps))
    out = res.norm_out[position]
    if res.norm_first:
        vectors = {
            "x": res.x[position],
            "LayerNorm(x)": out,
            "Sublayer(LayerNorm(x))": res.sublayer_out[position],
            "x + Sublayer(LayerNorm(x))": res.summed[position],
        }
    else:
        vectors = {
            "x": res.x[position],
            "Sublayer(x)": res.sublayer_out[position],
            "x + Sublayer(x)": res.summed[position],
            "LayerNorm(x + Sublayer(x))": out,
        }
    return NormStats(
        vectors=vectors,
        mean=mean,
        std=std,
        normed=(v - mean) / std,
        out_mean=float(out.mean()),
        out_std=float(out.std()),
    )


@dataclass(frozen=True)
class FamilyMasks:
    """Which piece may attend to which in the three Transformer families, over one sentence pair.
    True = may attend; rows are queries, columns keys."""

    encoder_only: np.ndarray  # (S, S) every piece sees every piece (BERT)
    decoder_only: np.ndarray  # (S + T, S + T) one stream, source then target, each piece sees itself and before (GPT)
    encoder_self: np.ndarray  # (S, S) this model's encoder: full
    decoder_self: np.ndarray  # (T, T) this model's decoder: causal
    cross: np.ndarray  # (T, S) this model's decoder queries over the whole source


def family_masks(tr: Trace) -> FamilyMasks:
    """The masks of encoder-only and decoder-only models built over the trace's own pieces, beside
    the masks this encoder-decoder actually used (read from the trace)."""
    S, T = len(tr.src.pieces), len(tr.tgt.pieces)
    return FamilyMasks(
        encoder_only=np.ones((S, S), dtype=bool),
        decoder_only=np.tril(np.ones((S + T, S + T), dtype=bool)),
        encoder_self=tr.encoder[0].self_attn.mask,
        decoder_self=tr.decoder[0].self_attn.mask,
        cross=tr.decoder[0].cross_attn.mask,
    )


@dataclass(frozen=True)
class RecurrenceComparison:
    """Self-attention vs a recurrent network (RNN) over the same n pieces."""

    attention_path: np.ndarray  # (n, n) steps a signal needs from piece j to piece i in one layer: 1 (0 to itself)
    rnn_path: np.ndarray  # (n, n) steps through an RNN's hidden states: |i - j|
    attention_sequential: int  # sequential steps to encode the sentence: one per layer (positions run in parallel)
    rnn_sequential: int  # one per piece, per layer


def recurrence(n_pieces: int, n_layers: int) -> RecurrenceComparison:
    idx = np.arange(n_pieces)
    distance = np.abs(idx[:, None] - idx[None, :])
    return RecurrenceComparison(
        attention_path=(distance > 0).astype(int),
        rnn_path=distance,
        attention_sequential=n_layers,
        rnn_sequential=n_pieces * n_layers,
    )


def minutes_end_to_end(metrics: list[dict]) -> list[float]:
    """x positions for a checkpoint's evaluations when its history joins several runs: a run that
    counts its minutes from an earlier point is placed after the previous one, so the curve never
    runs backwards (the shipped model's history joins runs continued and mixed on different dates)."""
    out, offset, last = [], 0.0, None
    for m in metrics:
        t = float(m["minutes"])
        if last is not None and t + offset < last:
            offset = last - t
        out.append(t + offset)
        last = out[-1]
    return out


def repetition(pieces: tuple[str, ...] | list[str], min_repeats: int = 3, max_n: int = 4) -> tuple[str, int] | None:
    """The longest run of one n-gram (n <= max_n) repeated back to back at least `min_repeats` times in
    `pieces` (e.g. "Schnee Schnee Schnee"): (the n-gram joined, how many times), or None."""
    best = None
    for n in range(1, max_n + 1):
        for start in range(len(pieces) - n):
            gram, k = tuple(pieces[start : start + n]), 1
            while tuple(pieces[start + k * n : start + (k + 1) * n]) == gram:
                k += 1
            if k >= min_repeats and (best is None or k * n > best[1] * len(best[0].split(" "))):
                best = (" ".join(gram), k)
    return best


def _letters_outside_latin(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(not ("a" <= c.lower() <= "z" or c in "äöüßéèêàáçñ") for c in letters) / max(1, len(letters))


def warnings(tr: Trace) -> list[Text]:
    """What a learner should be told about this translation before trusting it: input the model cannot
    read (unknown pieces, another script) and output that loops."""
    out = []
    unknown = sum(i == tr.config.unk_id for i in tr.src.ids)
    if _letters_outside_latin(tr.source) > 0.5:
        out.append(
            msg(
                "This model reads English: most of these letters are from another script, so its translation "
                "means little."
            )
        )
    elif unknown:
        out.append(
            msg(
                "{n} of the input's pieces are unknown to this model (`<unk>`): characters it never saw in "
                "training, which it cannot translate.",
                n=unknown,
            )
        )
    if loop := repetition([p for p in tr.output_pieces if p != "</s>"]):
        gram, times = loop
        out.append(
            msg(
                "The translation repeats “{gram}” {times} times: greedy decoding got stuck in a loop, a known "
                "failure of small models on words they cannot produce.",
                gram=gram,
                times=times,
            )
        )
    return out
