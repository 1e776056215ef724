"""Attention beside attribution on one sentence: for every output piece, how much each source piece
mattered by four measures that do not share a computation, and how far they agree.

- cross-attention, as recorded in the trace (one layer, averaged over its heads);
- attention rollout (Abnar & Zuidema 2020): 0.5·A + 0.5·I multiplied through the layers, carried from
  the encoder through cross-attention to each output piece;
- gradient × input (the input being what enters encoder layer 1) of the chosen piece's log-probability;
- leave-one-out: how much the chosen piece's log-probability falls when one source piece is hidden
  from every attention (its key masked in the encoder and in cross-attention);
and Kendall's τ between them, per output piece (Jain & Wallace 2019 report weak τ between attention
and gradients or leave-one-out: attention is one signal, not the explanation).

Every measure is teacher-forced on the trace's own greedy output, so row t is the step that chose
output piece t."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

from .model import Transformer, padding_mask, subsequent_mask
from .trace import Trace

RESIDUAL = 0.5  # Abnar & Zuidema's share of the residual connection in each rolled-out layer


def rollout(weights: Sequence[np.ndarray], residual: float = RESIDUAL) -> np.ndarray:
    """Self-attention rollout. `weights`: one (h, T, T) array per layer, rows queries. Returns (L, T, T):
    after layer l, the share of position i's representation that flows from input piece j,
    R_l = (r·I + (1−r)·mean_h A_l) · R_{l−1}, R_0 = I. Rows sum to 1."""
    T = weights[0].shape[-1]
    r = np.eye(T)
    out = []
    for w in weights:
        a = residual * np.eye(T) + (1 - residual) * w.mean(0)
        r = a @ r
        out.append(r)
    return np.stack(out)


def cross_rollout(
    encoder: np.ndarray,
    decoder_self: Sequence[np.ndarray],
    cross: Sequence[np.ndarray],
    residual: float = RESIDUAL,
) -> tuple[np.ndarray, np.ndarray]:
    """Rollout through the decoder. `encoder` (S, S): the encoder's rollout after its last layer (what
    each memory position is made of); per decoder layer, self-attention (h, T, T) and cross-attention
    (h, T, S). Each sublayer keeps `residual` of what came in and adds (1 − residual) of what it read:

        self-attention:  D = Â D, X = Â X with Â = r·I + (1−r)·mean_h A
        cross-attention: D = r·D, X = r·X + (1−r)·mean_h C · encoder

    with D (T, T) the share from decoder input pieces (starting at I) and X (T, S) from source pieces
    (starting at 0). Returns (X, D); each row of [X | D] sums to 1."""
    T, S = cross[0].shape[1], encoder.shape[0]
    d, x = np.eye(T), np.zeros((T, S))
    for a_self, a_cross in zip(decoder_self, cross):
        a = residual * np.eye(T) + (1 - residual) * a_self.mean(0)
        d, x = a @ d, a @ x
        d, x = residual * d, residual * x + (1 - residual) * a_cross.mean(0) @ encoder
    return x, d


def input_x_gradient(scores: Callable[[Tensor], Tensor], inputs: Tensor) -> Tensor:
    """inputs (S, D), `scores(inputs)` (T,) -> (T, S): for score t and input vector j, Σ_d x_jd · ∂score_t/∂x_jd.
    One forward pass; the T backward passes run batched (autograd's is_grads_batched)."""
    inputs = inputs.detach().requires_grad_(True)
    out = scores(inputs)
    (grad,) = torch.autograd.grad(
        out, inputs, grad_outputs=torch.eye(len(out), device=out.device), is_grads_batched=True
    )
    return (grad * inputs.detach()).sum(-1)


def _log_probs(model: Transformer, logits: Tensor) -> Tensor:
    """log of the distribution greedy decoding chooses from (never-output ids at -inf)."""
    return logits.float().masked_fill(model.never_output, float("-inf")).log_softmax(-1)


def _ids(model: Transformer, tr: Trace) -> tuple[Tensor, Tensor, Tensor]:
    device = next(model.parameters()).device
    src = torch.tensor([tr.src.ids], device=device)
    tgt = torch.tensor([tr.tgt.ids], device=device)
    chosen = torch.tensor([s.chosen_id for s in tr.steps], device=device)
    return src, tgt, chosen


def gradient_x_input(model: Transformer, tr: Trace) -> np.ndarray:
    """(T, S): for output step t and source piece j, x_j · ∂ log p(chosen_t) / ∂x_j, with x_j the vector
    that enters encoder layer 1 at j (scaled embedding + position), teacher-forced on the trace's output."""
    model.eval()
    src, tgt, chosen = _ids(model, tr)
    T = tgt.shape[1]
    src_mask = padding_mask(src, model.cfg.pad_id)
    tgt_mask = subsequent_mask(T, src.device)

    def scores(embedded: Tensor) -> Tensor:  # (S, D) -> (T,)
        memory = model.encode(src, src_mask, embedded=embedded[None]).memory
        logp = _log_probs(model, model.decode(memory, src_mask, tgt, tgt_mask).logits)[0]  # (T, V)
        return logp[torch.arange(T, device=src.device), chosen]

    with torch.enable_grad():
        return input_x_gradient(scores, model.embed_positions(src).summed[0]).float().cpu().numpy()


@torch.inference_mode()
def leave_one_out(model: Transformer, tr: Trace) -> np.ndarray:
    """(T, S): log p(chosen_t) with every source piece visible minus with source piece j hidden from every
    attention (encoder self-attention and cross-attention do not see its key). > 0: the piece helped.
    NaN for a one-piece source (hiding it leaves nothing to attend to)."""
    model.eval()
    src, tgt, chosen = _ids(model, tr)
    S, T = src.shape[1], tgt.shape[1]
    if S < 2:
        return np.full((T, S), np.nan)
    full = padding_mask(src, model.cfg.pad_id)  # (1, 1, 1, S)
    hidden = full & ~torch.eye(S, dtype=torch.bool, device=src.device)[:, None, None, :]  # row j hides key j
    masks = torch.cat([full, hidden])  # (1 + S, 1, 1, S)
    srcs, tgts = src.expand(1 + S, -1), tgt.expand(1 + S, -1)
    memory = model.encode(srcs, masks).memory
    logp = _log_probs(model, model.decode(memory, masks, tgts, subsequent_mask(T, src.device)).logits)
    picked = logp.gather(-1, chosen.expand(1 + S, -1)[..., None])[..., 0]  # (1 + S, T)
    return (picked[0][None] - picked[1:]).T.float().cpu().numpy()


def kendall_tau(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's τ-b between two score lists (ties counted as in τ-b); NaN when either is constant or
    holds NaN."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if np.isnan(a).any() or np.isnan(b).any():
        return float("nan")
    i, j = np.triu_indices(len(a), 1)
    da, db = np.sign(a[i] - a[j]), np.sign(b[i] - b[j])
    n0 = len(i)
    ties_a, ties_b = int((da == 0).sum()), int((db == 0).sum())
    denominator = np.sqrt((n0 - ties_a) * (n0 - ties_b))
    return float((da * db).sum() / denominator) if denominator > 0 else float("nan")


MEASURES = ("attention", "rollout", "gradient × input", "leave-one-out")


@dataclass(frozen=True)
class Attribution:
    """Each source piece's importance for each output piece, by each of MEASURES: (T, S) arrays, rows the
    output pieces (queries), columns the source pieces (keys)."""

    source: tuple[str, ...]
    output: tuple[str, ...]
    layer: int  # the cross-attention layer shown as "attention" (0-based)
    attention: np.ndarray  # that layer's cross-attention weights, mean over heads (from the trace)
    rollout: np.ndarray  # source share of each output piece's last representation, rows rescaled to sum 1
    source_share: np.ndarray  # (T,) how much of that representation rollout traces to the source at all
    gradient: np.ndarray  # gradient × input, signed
    leave_one_out: np.ndarray  # drop in log-probability with the piece hidden, signed

    def measure(self, name: str) -> np.ndarray:
        """One of MEASURES; gradient × input as its magnitude (a large negative product matters too)."""
        return {
            "attention": self.attention,
            "rollout": self.rollout,
            "gradient × input": np.abs(self.gradient),
            "leave-one-out": self.leave_one_out,
        }[name]

    def tau(self, a: str, b: str) -> np.ndarray:
        """(T,) Kendall's τ between measures a and b over the source pieces, per output piece."""
        x, y = self.measure(a), self.measure(b)
        return np.array([kendall_tau(x[t], y[t]) for t in range(len(x))])

    def agreement(self) -> dict[tuple[str, str], float]:
        """Mean τ over the output pieces for every pair of measures (NaN-steps skipped)."""
        pairs = [(a, b) for i, a in enumerate(MEASURES) for b in MEASURES[i + 1 :]]
        return {(a, b): _nanmean(self.tau(a, b)) for a, b in pairs}


def _nanmean(x: np.ndarray) -> float:
    x = x[~np.isnan(x)]
    return float(x.mean()) if len(x) else float("nan")


def attribute(model: Transformer, tr: Trace, layer: int | None = None) -> Attribution:
    """Every measure for `tr`'s translation; "attention" is cross-attention layer `layer` (default: the
    last), read from the trace."""
    layer = len(tr.decoder) - 1 if layer is None else layer
    encoder = rollout([lt.self_attn.weights for lt in tr.encoder])[-1]
    x, _ = cross_rollout(
        encoder, [lt.self_attn.weights for lt in tr.decoder], [lt.cross_attn.weights for lt in tr.decoder]
    )
    share = x.sum(1)
    return Attribution(
        source=tr.src.pieces,
        output=tr.output_pieces,
        layer=layer,
        attention=tr.decoder[layer].cross_attn.weights.mean(0),
        rollout=x / share[:, None],
        source_share=share,
        gradient=gradient_x_input(model, tr),
        leave_one_out=leave_one_out(model, tr),
    )


def agreement_over(model: Transformer, traces: Sequence[Trace], progress=None) -> dict[str, float]:
    """Mean Kendall's τ of every pair of MEASURES over the output pieces of many sentences (Abnar & Zuidema
    compare raw attention and rollout with blank-out importance this way)."""
    taus: dict[tuple[str, str], list[np.ndarray]] = {}
    for i, tr in enumerate(traces):
        a = attribute(model, tr)
        for pair in a.agreement():
            taus.setdefault(pair, []).append(a.tau(*pair))
        if progress:
            progress(i + 1, len(traces))
    return {f"{a} ~ {b}": round(_nanmean(np.concatenate(v)), 4) for (a, b), v in taus.items()}
