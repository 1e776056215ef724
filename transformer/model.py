"""The encoder-decoder of "Attention Is All You Need", written out so every intermediate can be kept.

Shape legend: B batch, S source length, T target length, D d_model, h n_heads, d_k = D / h,
V vocabulary. Masks are boolean, True where a query may attend to a key, and broadcast to
(B, h, T_query, T_key): the query is the row, the key is the column.

Every attention module has two paths: the fast one (`F.scaled_dot_product_attention`, used for
training and decoding) and the explaining one (explicit QK^T / sqrt(d_k), mask, softmax, x V) that
returns an `AttentionRecord`. Tests assert both give the same logits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import ModelConfig


class AttentionRecord(NamedTuple):
    """One attention sublayer, all heads. Rows are queries, columns are keys."""

    q: Tensor  # (B, h, Tq, d_k)
    k: Tensor  # (B, h, Tk, d_k)
    v: Tensor  # (B, h, Tk, d_k)
    scores: Tensor  # (B, h, Tq, Tk)  Q K^T, before scaling
    scaled: Tensor  # (B, h, Tq, Tk)  Q K^T / sqrt(d_k)
    mask: Tensor  # (B, 1, Tq, Tk)  bool, True = may attend
    masked: Tensor  # (B, h, Tq, Tk)  scaled scores with -inf where mask is False
    weights: Tensor  # (B, h, Tq, Tk)  softmax over keys; each row sums to 1
    head_out: Tensor  # (B, h, Tq, d_k)  weights @ V
    concat: Tensor  # (B, Tq, D)  heads side by side, before W_O
    out: Tensor  # (B, Tq, D)  concat @ W_O


class ResidualRecord(NamedTuple):
    """One Add & Norm: the stream x, the sublayer's output, their sum and what the layer passes on."""

    x: Tensor  # (B, T, D)  the residual stream entering the sublayer
    sublayer_out: Tensor  # (B, T, D)  Sublayer(x) (attention or feed-forward output)
    summed: Tensor  # (B, T, D)  x + Sublayer(x)
    out: Tensor  # (B, T, D)  LayerNorm(x + Sublayer(x)) (post-norm); the sum itself (pre-norm)
    sublayer_in: Tensor  # (B, T, D)  what the sublayer read: x (post-norm), LayerNorm(x) (pre-norm)


class FFNRecord(NamedTuple):
    """The position-wise feed-forward network, at every position."""

    x: Tensor  # (B, T, D)  its input
    pre: Tensor  # (B, T, d_ff)  x W_1 + b_1
    hidden: Tensor  # (B, T, d_ff)  ReLU(x W_1 + b_1)
    out: Tensor  # (B, T, D)  hidden W_2 + b_2


class LayerRecord(NamedTuple):
    """One encoder or decoder layer: its attention records, each Add & Norm and the feed-forward net."""

    self_attn: AttentionRecord
    cross_attn: AttentionRecord | None  # decoder only
    residuals: list[ResidualRecord]  # one per sublayer, in order
    ffn: FFNRecord

    @property
    def sublayer_out(self) -> list[Tensor]:
        """(B, T, D) after each Add & Norm, in order: the residuals' outputs."""
        return [r.out for r in self.residuals]


class HeadMask(NamedTuple):
    """Which heads are on, per layer: 1 keeps a head, 0 switches it off (its output is zeroed before
    W_O, so it adds nothing to the layer). Each tensor is (B, N, h), or (1, N, h) for a whole batch:
    rows of a batch may switch off different heads (how `explain.rank_heads` tries every head at once)."""

    encoder: Tensor  # (B, N, h)  encoder self-attention
    decoder: Tensor  # (B, N, h)  decoder masked self-attention
    cross: Tensor  # (B, N, h)  cross-attention

    @classmethod
    def all_on(cls, cfg: ModelConfig, batch: int = 1, device=None) -> HeadMask:
        on = torch.ones(batch, cfg.n_layers, cfg.n_heads, device=device)
        return cls(on, on.clone(), on.clone())


@dataclass
class LayerCache:
    """One decoder layer's cache: self-attention keys/values grow by one position a step;
    cross-attention keys/values are computed from the encoder memory once."""

    self_kv: tuple[Tensor, Tensor] | None = None  # (B, h, t, d_k) each
    cross_kv: tuple[Tensor, Tensor] | None = None  # (B, h, S, d_k) each

    def select(self, rows: Tensor) -> None:
        """Keep only these batch rows, in this order (beam search reorders its hypotheses)."""
        self.self_kv = tuple(t.index_select(0, rows) for t in self.self_kv)
        self.cross_kv = tuple(t.index_select(0, rows) for t in self.cross_kv)


@dataclass
class KVCache:
    """One slot per decoder layer."""

    layers: list[LayerCache] = field(default_factory=list)

    @classmethod
    def empty(cls, n_layers: int) -> KVCache:
        return cls([LayerCache() for _ in range(n_layers)])


def subsequent_mask(T: int, device=None) -> Tensor:
    """(1, 1, T, T) causal mask: query i may attend to keys 0..i (lower triangle is True)."""
    return torch.tril(torch.ones(T, T, dtype=torch.bool, device=device))[None, None]


def padding_mask(ids: Tensor, pad_id: int) -> Tensor:
    """(B, 1, 1, S) key-padding mask: every query may attend to every non-pad key."""
    return (ids != pad_id)[:, None, None, :]


class Embeddings(nn.Module):
    """Token embeddings shared by source, target and the output projection, scaled by sqrt(D)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.lut = nn.Embedding(cfg.vocab_size, cfg.d_model, padding_idx=cfg.pad_id)
        nn.init.normal_(self.lut.weight, std=cfg.d_model**-0.5)
        self.scale = math.sqrt(cfg.d_model) if cfg.scale_embeddings else 1.0

    def forward(self, ids: Tensor) -> Tensor:  # (B, T) -> (B, T, D)
        return self.lut(ids) * self.scale


class PositionalEncoding(nn.Module):
    """PE(pos, 2i) = sin(pos / 10000^(2i/D)), PE(pos, 2i+1) = cos(pos / 10000^(2i/D)).

    `positional="learned"` trains one free vector per position instead; "none" adds zeros, so the
    model sees the pieces as an unordered set (the toy models show what that costs)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        if cfg.positional == "learned":
            self.pe = nn.Parameter(torch.randn(cfg.max_len, cfg.d_model) * 0.1)  # (max_len, D)
            return
        pe = torch.zeros(cfg.max_len, cfg.d_model)
        if cfg.positional == "sinusoidal":
            pos = torch.arange(cfg.max_len, dtype=torch.float32)[:, None]
            div = torch.exp(torch.arange(0, cfg.d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / cfg.d_model))
            pe[:, 0::2] = torch.sin(pos * div)
            pe[:, 1::2] = torch.cos(pos * div)
        elif cfg.positional == "sinusoidal_halves":  # the same waves, sines first then cosines (Marian, fairseq)
            half = (cfg.d_model + 1) // 2
            pos = torch.arange(cfg.max_len, dtype=torch.float64)[:, None]
            angle = pos / 10000.0 ** (torch.arange(0, cfg.d_model, 2, dtype=torch.float64) / cfg.d_model)
            pe[:, :half] = torch.sin(angle).float()  # computed in float64, as Marian's are
            pe[:, half:] = torch.cos(angle[:, : cfg.d_model - half]).float()
        self.register_buffer("pe", pe, persistent=False)  # (max_len, D)

    def forward(self, T: int, offset: int = 0) -> Tensor:  # -> (T, D)
        return self.pe[offset : offset + T]


class Dropout(nn.Dropout):
    """Inverted dropout, as nn.Dropout (zero each element with probability p, scale the rest by
    1 / (1 - p), nothing at evaluation), with the keep mask cut from 64-bit random integers 16 bits
    at a time: on a CPU the per-element Bernoulli draws of nn.Dropout took about a sixth of a
    training step (torch.profiler, `benchmarks.train_throughput`). p is rounded to 1/65536."""

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0.0:
            return x
        if self.p >= 1.0:
            return torch.zeros_like(x)
        n = x.numel()
        draws = torch.randint(-(2**63), 2**63 - 1, ((n + 3) // 4,), dtype=torch.int64, device=x.device)
        keep = draws.view(torch.int16)[:n].view(x.shape) >= round(self.p * 65536) - 32768
        return torch.where(keep, x * (1.0 / (1.0 - self.p)), 0.0)


def attention(
    q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None = None, scale: float | None = None
) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V, written out step by step (the explaining
    path of every attention sublayer, and the app's worked example).

    q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v); mask broadcastable to (..., Tq, Tk), True
    where a query may attend; scale defaults to 1 / sqrt(d_k). Returns the raw scores Q K^T, the
    scaled scores, the masked scores (-inf where not allowed), the weights (each row sums to 1)
    and the output weights @ V."""
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ k.transpose(-2, -1)  # (..., Tq, Tk)
    scaled = scores * scale  # / sqrt(d_k): keeps logits O(1) so softmax is not saturated
    masked = scaled if mask is None else scaled.masked_fill(~mask, float("-inf"))
    weights = masked.softmax(dim=-1)
    return scores, scaled, masked, weights, weights @ v


class MultiHeadAttention(nn.Module):
    """MultiHead(Q, K, V) = Concat(head_1..head_h) W_O, head_i = Attention(Q W_Q^i, K W_K^i, V W_V^i).

    The h per-head projections W_Q^i (D x d_k) are stored side by side as one D x D matrix, so
    head i owns columns i*d_k .. (i+1)*d_k of `w_q` (likewise K and V)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.h, self.d_k = cfg.n_heads, cfg.d_k
        self.scale = 1 / math.sqrt(cfg.d_k) if cfg.scale_scores else 1.0
        self.w_q = nn.Linear(cfg.d_model, cfg.d_model)
        self.w_k = nn.Linear(cfg.d_model, cfg.d_model)
        self.w_v = nn.Linear(cfg.d_model, cfg.d_model)
        self.w_o = nn.Linear(cfg.d_model, cfg.d_model)
        self.dropout = cfg.dropout

    def split_heads(self, x: Tensor) -> Tensor:  # (B, T, D) -> (B, h, T, d_k)
        B, T, _ = x.shape
        return x.view(B, T, self.h, self.d_k).transpose(1, 2)

    def project_kv(self, x: Tensor) -> tuple[Tensor, Tensor]:
        return self.split_heads(self.w_k(x)), self.split_heads(self.w_v(x))

    def forward(
        self,
        x_q: Tensor,
        x_kv: Tensor | None,
        mask: Tensor,
        kv: tuple[Tensor, Tensor] | None = None,
        explain: bool = False,
        keep: Tensor | None = None,
    ) -> tuple[Tensor, tuple[Tensor, Tensor], AttentionRecord | None]:
        """x_q (B, Tq, D) attends over x_kv (B, Tk, D), or over precomputed `kv` heads; `keep`
        (B or 1, h) zeroes the output of the heads it holds 0 for, before W_O.

        Returns the output (B, Tq, D), the (K, V) heads used (for caching) and, when
        `explain`, the record of every step."""
        q = self.split_heads(self.w_q(x_q))  # (B, h, Tq, d_k)
        k, v = kv if kv is not None else self.project_kv(x_kv)  # (B, h, Tk, d_k)
        B, Tq = x_q.shape[:2]
        if not explain:
            p = self.dropout if self.training else 0.0
            heads = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=p, scale=self.scale)
            if keep is not None:
                heads = heads * keep[:, :, None, None]
            concat = heads.transpose(1, 2).reshape(B, Tq, -1)
            return self.w_o(concat), (k, v), None
        scores, scaled, masked, weights, heads = attention(q, k, v, mask, self.scale)
        if self.training:
            weights = F.dropout(weights, self.dropout)
            heads = weights @ v
        if keep is not None:  # a switched-off head still attends, but its output is dropped
            heads = heads * keep[:, :, None, None]
        concat = heads.transpose(1, 2).reshape(B, Tq, -1)
        out = self.w_o(concat)
        mask = mask.expand(B, 1, Tq, k.shape[2])
        return out, (k, v), AttentionRecord(q, k, v, scores, scaled, mask, masked, weights, heads, concat, out)


ACTIVATION = {"relu": F.relu, "swish": F.silu, "gelu": F.gelu}  # swish(x) = x * sigmoid(x), as SiLU


class FeedForward(nn.Module):
    """FFN(x) = act(x W_1 + b_1) W_2 + b_2, applied to each position separately; act is ReLU, max(0, x), in
    the paper (`cfg.activation`)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.w_1 = nn.Linear(cfg.d_model, cfg.d_ff)
        self.w_2 = nn.Linear(cfg.d_ff, cfg.d_model)
        self.dropout = Dropout(cfg.dropout)
        self.activation, self.act = cfg.activation, ACTIVATION[cfg.activation]

    def forward(self, x: Tensor) -> Tensor:
        return self.parts(x).out

    def parts(self, x: Tensor) -> FFNRecord:
        pre = self.w_1(x)  # (B, T, d_ff)
        hidden = self.act(pre)
        return FFNRecord(x, pre, hidden, self.w_2(self.dropout(hidden)))


class AddNorm(nn.Module):
    """The residual around a sublayer. Post-norm, as in the paper: LayerNorm(x + Dropout(Sublayer(x))).
    Pre-norm (`norm_first`, most later models): x + Dropout(Sublayer(LayerNorm(x)))."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.norm = nn.LayerNorm(cfg.d_model, eps=cfg.layer_norm_eps)
        self.dropout = Dropout(cfg.dropout)
        self.norm_first = cfg.norm_first

    def sublayer_input(self, x: Tensor) -> Tensor:
        return self.norm(x) if self.norm_first else x

    def forward(self, x: Tensor, sublayer_out: Tensor) -> Tensor:
        return self.residual(x, sublayer_out).out

    def residual(self, x: Tensor, sublayer_out: Tensor, sublayer_in: Tensor) -> ResidualRecord:
        y = x + self.dropout(sublayer_out)
        return ResidualRecord(x, sublayer_out, y, y if self.norm_first else self.norm(y), sublayer_in)


class EncoderLayer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg)
        self.ffn = FeedForward(cfg)
        self.add_norm = nn.ModuleList([AddNorm(cfg), AddNorm(cfg)])

    def forward(
        self, x: Tensor, src_mask: Tensor, explain: bool = False, keep: Tensor | None = None
    ) -> tuple[Tensor, LayerRecord | None]:
        h = self.add_norm[0].sublayer_input(x)
        a, _, rec = self.self_attn(h, h, src_mask, explain=explain, keep=keep)
        r1 = self.add_norm[0].residual(x, a, h)
        h1 = self.add_norm[1].sublayer_input(r1.out)
        ffn = self.ffn.parts(h1)
        r2 = self.add_norm[1].residual(r1.out, ffn.out, h1)
        return r2.out, (LayerRecord(rec, None, [r1, r2], ffn) if explain else None)


class DecoderLayer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg)
        self.cross_attn = MultiHeadAttention(cfg)
        self.ffn = FeedForward(cfg)
        self.add_norm = nn.ModuleList([AddNorm(cfg), AddNorm(cfg), AddNorm(cfg)])

    def forward(
        self,
        y: Tensor,
        memory: Tensor,
        src_mask: Tensor,
        tgt_mask: Tensor,
        cache: LayerCache | None = None,
        explain: bool = False,
        keep: tuple[Tensor, Tensor] | None = None,
    ) -> tuple[Tensor, LayerRecord | None]:
        """y (B, T, D): new target positions; with a cache, earlier positions' K/V come from it.
        `keep`: the (B or 1, h) head masks of self- and cross-attention."""
        keep_self, keep_cross = keep if keep is not None else (None, None)
        h = self.add_norm[0].sublayer_input(y)
        self_kv = None
        if cache is not None and cache.self_kv is not None:
            k_new, v_new = self.self_attn.project_kv(h)
            self_kv = (torch.cat([cache.self_kv[0], k_new], 2), torch.cat([cache.self_kv[1], v_new], 2))
        a, (k, v), self_rec = self.self_attn(h, h, tgt_mask, kv=self_kv, explain=explain, keep=keep_self)
        r1 = self.add_norm[0].residual(y, a, h)
        y1 = r1.out
        cross_kv = cache.cross_kv if cache is not None else None
        h1 = self.add_norm[1].sublayer_input(y1)
        c, (ck, cv), cross_rec = self.cross_attn(h1, memory, src_mask, kv=cross_kv, explain=explain, keep=keep_cross)
        r2 = self.add_norm[1].residual(y1, c, h1)
        h2 = self.add_norm[2].sublayer_input(r2.out)
        ffn = self.ffn.parts(h2)
        r3 = self.add_norm[2].residual(r2.out, ffn.out, h2)
        if cache is not None:
            cache.self_kv, cache.cross_kv = (k, v), (ck, cv)
        record = LayerRecord(self_rec, cross_rec, [r1, r2, r3], ffn) if explain else None
        return r3.out, record


class EmbeddingRecord(NamedTuple):
    """How ids became the vectors that enter the first layer, as computed."""

    token: Tensor  # (B, T, D)  rows of the embedding matrix
    scaled: Tensor  # (B, T, D)  token * sqrt(D)
    positional: Tensor  # (T, D)  the positional encoding added
    summed: Tensor  # (B, T, D)  scaled + positional: what enters layer 1


class EncoderOutput(NamedTuple):
    memory: Tensor  # (B, S, D)
    embedded: Tensor  # (B, S, D)  token embedding * sqrt(D) + PE: what enters layer 1
    layers: list[LayerRecord] | None
    embedding: EmbeddingRecord | None = None  # when explaining
    before_final_norm: Tensor | None = None  # (B, S, D)  pre-norm: the stack's output before its final LayerNorm


class DecoderOutput(NamedTuple):
    logits: Tensor  # (B, T, V)
    embedded: Tensor  # (B, T, D)
    layers: list[LayerRecord] | None
    embedding: EmbeddingRecord | None = None  # when explaining
    before_final_norm: Tensor | None = None  # (B, T, D)  pre-norm: the stack's output before its final LayerNorm
    after_final_norm: Tensor | None = None  # (B, T, D)  pre-norm: what the output layer reads


class Transformer(nn.Module):
    """Encoder, decoder and a final linear layer tied to the shared embedding matrix."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = Embeddings(cfg)
        self.pos = PositionalEncoding(cfg)
        self.dropout = Dropout(cfg.dropout)
        self.encoder = nn.ModuleList([EncoderLayer(cfg) for _ in range(cfg.n_layers)])
        self.decoder = nn.ModuleList([DecoderLayer(cfg) for _ in range(cfg.n_layers)])
        if cfg.norm_first:  # pre-norm leaves the residual stream unnormalised: one LayerNorm at each stack's end
            eps = cfg.layer_norm_eps
            self.encoder_norm, self.decoder_norm = (
                nn.LayerNorm(cfg.d_model, eps=eps),
                nn.LayerNorm(cfg.d_model, eps=eps),
            )
        if cfg.output_bias:  # Marian's final_logits_bias: fixed at zero there in training, but part of the weights
            self.register_buffer("final_logits_bias", torch.zeros(cfg.vocab_size))
        never = torch.zeros(cfg.vocab_size, dtype=torch.bool)
        never[list(cfg.never_output)] = True
        self.register_buffer("never_output", never, persistent=False)  # built once, not in the state dict

    def set_dropout(self, p: float) -> None:
        """Change the training-time dropout rate everywhere (e.g. to regularise a continued run)."""
        self.cfg = replace(self.cfg, dropout=p)
        for module in self.modules():
            if isinstance(module, nn.Dropout):
                module.p = p
            elif isinstance(module, MultiHeadAttention):
                module.dropout = p

    def output_probs(self, logits: Tensor) -> Tensor:
        """(..., V) logits -> the next-piece distribution a translation is chosen from.

        Some ids are never a sensible output (`cfg.never_output`: pad, unk and bos for ours, pad for
        Marian), so their logits are set to -inf before the softmax (training still scores them: some
        rare characters map to unk in the targets)."""
        return logits.float().masked_fill(self.never_output, float("-inf")).softmax(-1)

    def embed_positions(self, ids: Tensor, offset: int = 0) -> EmbeddingRecord:  # (B, T) -> (B, T, D) parts
        token = self.embed.lut(ids)
        scaled = token * self.embed.scale
        positional = self.pos(ids.shape[1], offset)
        return EmbeddingRecord(token, scaled, positional, scaled + positional)

    def encode(
        self,
        src: Tensor,
        src_mask: Tensor,
        explain: bool = False,
        heads: HeadMask | None = None,
        embedded: Tensor | None = None,
    ) -> EncoderOutput:
        """`embedded` (B, S, D), when given, replaces what enters layer 1 (attribution differentiates
        through it); otherwise it is looked up from `src`."""
        emb = self.embed_positions(src)
        embedded = emb.summed if embedded is None else embedded
        x = self.dropout(embedded)
        records = []
        for i, layer in enumerate(self.encoder):
            x, rec = layer(x, src_mask, explain, None if heads is None else heads.encoder[:, i])
            records.append(rec)
        before = None
        if self.cfg.norm_first:
            before, x = x, self.encoder_norm(x)
        if not explain:
            return EncoderOutput(x, embedded, None)
        return EncoderOutput(x, embedded, records, emb, before)

    def decode(
        self,
        memory: Tensor,
        src_mask: Tensor,
        tgt: Tensor,
        tgt_mask: Tensor,
        cache: KVCache | None = None,
        offset: int = 0,
        explain: bool = False,
        heads: HeadMask | None = None,
    ) -> DecoderOutput:
        """tgt (B, T) holds positions offset..offset+T-1; returns logits (B, T, V)."""
        emb = self.embed_positions(tgt, offset)
        embedded = emb.summed
        y = self.dropout(embedded)
        records = []
        for i, layer in enumerate(self.decoder):
            keep = None if heads is None else (heads.decoder[:, i], heads.cross[:, i])
            y, rec = layer(y, memory, src_mask, tgt_mask, cache.layers[i] if cache else None, explain, keep)
            records.append(rec)
        before = None
        if self.cfg.norm_first:
            before, y = y, self.decoder_norm(y)
        logits = y @ self.embed.lut.weight.T  # tied output projection
        if self.cfg.output_bias:
            logits = logits + self.final_logits_bias
        if not explain:
            return DecoderOutput(logits, embedded, None)
        return DecoderOutput(logits, embedded, records, emb, before, y if before is not None else None)

    def forward(self, src: Tensor, tgt: Tensor, explain: bool = False, heads: HeadMask | None = None) -> Tensor:
        """Teacher-forced logits (B, T, V) for target input `tgt` given `src` (with `heads` switched off)."""
        src_mask = padding_mask(src, self.cfg.pad_id)
        tgt_mask = padding_mask(tgt, self.cfg.pad_id)
        tgt_mask[..., 0] = True  # the start piece is never padding, even where it is the pad id (Marian)
        if self.cfg.causal_mask:  # without it, training lets each position read the answer it must predict
            tgt_mask = tgt_mask & subsequent_mask(tgt.shape[1], tgt.device)
        memory = self.encode(src, src_mask, explain, heads).memory
        return self.decode(memory, src_mask, tgt, tgt_mask, explain=explain, heads=heads).logits


def count_parameters(model: nn.Module) -> dict[str, int]:
    """Parameter counts of the main parts (the tied output layer shares the embeddings)."""
    parts = {"embeddings (shared)": model.embed, "encoder": model.encoder, "decoder": model.decoder}
    counts = {name: sum(p.numel() for p in m.parameters()) for name, m in parts.items()}
    counts["total"] = sum(p.numel() for p in model.parameters())
    return counts
